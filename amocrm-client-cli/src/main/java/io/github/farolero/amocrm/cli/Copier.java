package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.health.HealthPolicy;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Copies records between stores, newest wins, as {@code migrate} and {@code restore} do: a record
 * is written only where the target holds none or an older one ({@link TokenRecord#RECENCY}, what
 * the composite store serves by), with a version above the target's, so the store's
 * compare-and-set refuses it if someone wrote meanwhile; the same tokens are left alone, so a
 * second run changes nothing.
 */
final class Copier {

  private Copier() {}

  /** What happens to one grant. */
  enum Action {
    /** The target holds nothing: write. */
    WRITE("written", "would write"),
    /** The target holds an older record: replace it. */
    UPDATE("updated", "would update"),
    /** The target holds the same tokens. */
    UNCHANGED("unchanged", "unchanged"),
    /** The target holds a newer record (or as new): keep it. */
    KEPT_NEWER("kept-newer", "kept-newer"),
    /** Written over a newer record because the user said {@code --force}. */
    FORCED("forced", "would force"),
    /** The same store under another key: rewritten to seal it with the target's key. */
    REENCRYPT("re-encrypted", "would re-encrypt"),
    /** The source record failed validation: left alone. */
    INVALID("invalid", "invalid");

    final String done;
    final String dryRun;

    Action(String done, String dryRun) {
      this.done = done;
      this.dryRun = dryRun;
    }

    boolean writes() {
      return this == WRITE || this == UPDATE || this == FORCED || this == REENCRYPT;
    }
  }

  /** One grant's plan, then its outcome. */
  static final class Step {
    final GrantKey key;
    Action action;
    final @Nullable TokenRecord source;
    @Nullable TokenRecord target;
    @Nullable TokenRecord written;
    @Nullable String note;
    /** Copied (or not) but worth a warning: a refresh token probably dead of age. */
    boolean warn;

    Step(GrantKey key, Action action, @Nullable TokenRecord source,
        @Nullable TokenRecord target, @Nullable String note) {
      this.key = key;
      this.action = action;
      this.source = source;
      this.target = target;
      this.note = note;
    }
  }

  /** Newest wins: what to do with a source record, given what the target holds. */
  static Action decide(TokenRecord source, @Nullable TokenRecord target) {
    if (target == null) {
      return Action.WRITE;
    }
    if (target.sameTokens(source)) {
      return Action.UNCHANGED;
    }
    return TokenRecord.RECENCY.compare(target, source) >= 0 ? Action.KEPT_NEWER : Action.UPDATE;
  }

  /**
   * A warning for a pair older than amoCRM keeps an unused refresh token, or null. Such a
   * record is still copied (it may be all there is), but it will most likely need {@code
   * authorize}.
   */
  static @Nullable String probablyDead(TokenRecord r, Instant now) {
    return probablyDead(r.issuedAt(), r.isLongLived(), now);
  }

  static @Nullable String probablyDead(Instant issuedAt, boolean longLived, Instant now) {
    if (longLived || issuedAt.equals(Instant.EPOCH)) {
      return null;
    }
    Duration lifetime = HealthPolicy.defaults().refreshTokenLifetime();
    long days = Duration.between(issuedAt, now).toDays();
    return days >= lifetime.toDays() ? "issued " + days + " days ago: amoCRM drops a refresh"
        + " token unused for " + lifetime.toDays() + " days, so it is probably dead (then run"
        + " amocrm-tokens authorize)" : null;
  }

  /** The version to write: the source's where it is above the target's, else one above. */
  static long versionFor(TokenRecord source, @Nullable TokenRecord target) {
    long v = Math.max(1, source.version());
    return target == null ? v : Math.max(v, target.version() + 1);
  }

  /**
   * Why a record should not be copied, or null: the checks a store cannot make (each store
   * already refuses blank tokens and bad domains).
   */
  static @Nullable String invalid(TokenRecord r, Instant now) {
    String bad = badToken(r.accessToken(), "access token");
    if (bad == null && r.refreshToken() != null) {
      bad = badToken(r.refreshToken(), "refresh token");
    }
    if (bad != null) {
      return bad;
    }
    if (!r.issuedAt().equals(Instant.EPOCH)) {
      if (r.issuedAt().isAfter(now.plus(Duration.ofMinutes(5)))) {
        return "issued in the future (" + r.issuedAt() + ")";
      }
      if (r.expiresAt().isBefore(r.issuedAt())) {
        return "expires (" + r.expiresAt() + ") before it was issued (" + r.issuedAt() + ")";
      }
    }
    return null;
  }

  private static @Nullable String badToken(String token, String what) {
    if (token.startsWith("\"") || token.startsWith("'")) {
      return "the " + what + " starts with a quote";
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return "the " + what + " holds whitespace, control or non-ASCII characters";
      }
    }
    return null;
  }

  /**
   * Writes every step that writes. A version conflict (an app refreshed meanwhile) re-reads the
   * target and decides again, once. A store failure stops the run: what was written stays (each
   * write is atomic), and the exception names it.
   */
  static void apply(TokenStore target, List<Step> steps) {
    List<String> done = new ArrayList<>();
    for (Step s : steps) {
      if (!s.action.writes()) {
        continue;
      }
      try {
        write(target, s);
      } catch (TokenStoreException e) {
        throw new CliException("stopped at " + s.key + ": " + target.info().name()
            + " failed: " + Errors.describe(e) + (done.isEmpty() ? "; nothing was written"
                : "; written before it: " + String.join(", ", done)));
      }
      if (s.action.writes()) {
        done.add(s.key.id());
      }
    }
  }

  private static void write(TokenStore target, Step s) {
    TokenRecord source = s.source;
    if (source == null) {
      return;
    }
    for (int attempt = 0; ; attempt++) {
      long version = s.action == Action.REENCRYPT ? source.version() + 1
          : versionFor(source, s.target);
      TokenRecord record = source.withVersion(version);
      try {
        target.write(record);
        s.written = record;
        return;
      } catch (TokenVersionConflictException e) {
        TokenRecord now = target.load(s.key).orElse(null);
        if (attempt > 0 || now == null) {
          throw e;
        }
        s.target = now;
        Action again = decide(source, now);
        if (s.action == Action.FORCED && again == Action.KEPT_NEWER) {
          again = Action.FORCED;
        }
        if (!again.writes()) {
          s.action = again;
          s.note = "the target was written meanwhile (an app refreshed): kept its record";
          return;
        }
        if (s.action != Action.REENCRYPT) {
          s.action = again;
        } else {
          return; // re-encrypted by someone else's write under the target's key
        }
      }
    }
  }

  /** A record's fields for JSON, never its tokens. */
  static Map<String, @Nullable Object> recordJson(@Nullable TokenRecord r) {
    Map<String, @Nullable Object> o = Json.object();
    o.put("version", r == null ? null : r.version());
    o.put("issuedAt", r == null ? null : Json.time(r.issuedAt()));
    o.put("expiresAt", r == null ? null : Json.time(r.expiresAt()));
    o.put("longLived", r == null ? null : r.isLongLived());
    o.put("accessTokenFingerprint", r == null ? null : r.accessTokenFingerprint());
    o.put("refreshTokenFingerprint", r == null ? null : r.refreshTokenFingerprint());
    return o;
  }

  /** A step as JSON. */
  static Map<String, @Nullable Object> stepJson(Step s, boolean dryRun) {
    Map<String, @Nullable Object> o = Json.object();
    o.put("grant", s.key.id());
    o.put("action", dryRun ? s.action.dryRun : s.action.done);
    o.put("source", s.source == null ? null : recordJson(s.source));
    o.put("target", s.target == null ? null : recordJson(s.target));
    o.put("writtenVersion", s.written == null ? null : s.written.version());
    o.put("note", s.note);
    return o;
  }

  /** A step as a line of text. */
  static String stepText(Step s, boolean dryRun) {
    return stepText(s, dryRun ? s.action.dryRun : s.action.done);
  }

  /** A step as a line of text, under a label of the caller's. */
  static String stepText(Step s, String label) {
    StringBuilder b = new StringBuilder(String.format("  %-16s %s", label, s.key));
    TokenRecord src = s.source;
    if (src != null) {
      b.append("  v").append(src.version()).append(" issued ").append(src.issuedAt())
          .append(", access ").append(src.accessTokenFingerprint());
    }
    TokenRecord t = s.target;
    b.append(t == null ? "; target had none"
        : "; target had v" + t.version() + " issued " + t.issuedAt());
    if (s.written != null) {
      b.append("; wrote v").append(s.written.version());
    }
    if (s.note != null) {
      b.append(" (").append(s.note).append(')');
    }
    return b.toString();
  }
}
