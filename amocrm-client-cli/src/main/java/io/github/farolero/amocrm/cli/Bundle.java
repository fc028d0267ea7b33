package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.jspecify.annotations.Nullable;

/**
 * A backup bundle: one JSON document whose manifest (when, from where, which grants with their
 * versions, issue times and fingerprints) is readable without the key, and whose records are
 * sealed with AES-256-GCM. The manifest, the format and the encryption parameters are the
 * cipher's associated data, so a changed manifest fails to open like a changed ciphertext.
 *
 * <pre>
 * {
 *   "format": "amocrm-tokens-bundle", "formatVersion": 1,
 *   "manifest": {"createdAt": ..., "source": ..., "tool": ..., "grants": [{"grant": ...,
 *       "accountDomain": ..., "version": ..., "issuedAt": ..., "expiresAt": ..., "longLived": ...,
 *       "accessTokenFingerprint": ..., "refreshTokenFingerprint": ...}]},
 *   "encryption": {"cipher": "AES-256-GCM", "keyFrom": "key"|"passphrase", "keyFingerprint" |
 *       "kdf", "iterations", "salt", "nonce"},
 *   "sealed": base64 of the ciphertext and tag of {"records": [TokenRecord JSON, ...]}
 * }
 * </pre>
 */
final class Bundle {

  static final String FORMAT = "amocrm-tokens-bundle";
  static final int FORMAT_VERSION = 1;
  static final int NONCE_BYTES = 12;
  static final int MAX_BYTES = 16 << 20;
  private static final int TAG_BITS = 128;

  private Bundle() {}

  /** One grant as the manifest lists it. */
  record Entry(GrantKey key, String accountDomain, long version, Instant issuedAt,
      Instant expiresAt, boolean longLived, String accessTokenFingerprint,
      String refreshTokenFingerprint) {

    static Entry of(TokenRecord r) {
      return new Entry(r.key(), r.accountDomain(), r.version(), r.issuedAt(), r.expiresAt(),
          r.isLongLived(), r.accessTokenFingerprint(), r.refreshTokenFingerprint());
    }

    Map<String, @Nullable Object> json() {
      Map<String, @Nullable Object> o = Json.object();
      o.put("grant", key.id());
      o.put("accountDomain", accountDomain);
      o.put("version", version);
      o.put("issuedAt", issuedAt.toString());
      o.put("expiresAt", expiresAt.toString());
      o.put("longLived", longLived);
      o.put("accessTokenFingerprint", accessTokenFingerprint);
      o.put("refreshTokenFingerprint", refreshTokenFingerprint);
      return o;
    }

    boolean matches(TokenRecord r) {
      return of(r).equals(this);
    }
  }

  /** A bundle read from bytes, not yet opened. */
  record Parsed(Map<String, @Nullable Object> header, Instant createdAt, String source,
      List<Entry> grants, Map<?, ?> encryption, byte[] sealed) {

    /** The manifest as {@code --json} shows it: the bundle's fields, in their order. */
    Map<String, @Nullable Object> manifestJson() {
      Map<String, @Nullable Object> o = Json.object();
      o.put("format", FORMAT);
      o.put("formatVersion", FORMAT_VERSION);
      o.put("createdAt", createdAt.toString());
      o.put("source", source);
      List<Object> list = new ArrayList<>();
      grants.forEach(g -> list.add(g.json()));
      o.put("grants", list);
      o.put("keyFrom", encryption.get("keyFrom"));
      o.put("keyFingerprint", encryption.get("keyFingerprint"));
      return o;
    }
  }

  /** Seals records into a bundle's text. */
  static byte[] seal(List<TokenRecord> records, String source, Instant createdAt,
      BundleKey key) {
    List<Object> grants = new ArrayList<>();
    List<Object> payload = new ArrayList<>();
    for (TokenRecord r : records) {
      grants.add(Entry.of(r).json());
      payload.add(r.toJson());
    }
    Map<String, @Nullable Object> manifest = Json.object();
    manifest.put("createdAt", createdAt.toString());
    manifest.put("source", source);
    manifest.put("tool", "amocrm-tokens " + VersionProvider.version());
    manifest.put("grants", grants);
    Map<String, @Nullable Object> doc = Json.object();
    doc.put("format", FORMAT);
    doc.put("formatVersion", FORMAT_VERSION);
    doc.put("manifest", manifest);
    Map<String, @Nullable Object> encryption = key.newParameters();
    doc.put("encryption", encryption);
    byte[] plain = Json.canonical(Map.of("records", payload)).getBytes(StandardCharsets.UTF_8);
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, key, encryption, "the new bundle");
      c.updateAAD(associatedData(doc));
      doc.put("sealed", Base64.getEncoder().encodeToString(c.doFinal(plain)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
    return (Json.pretty(doc) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a bundle's manifest and parameters; needs no key. */
  static Parsed parse(byte[] bytes, String shown) {
    Object doc = Json.parse(new String(bytes, StandardCharsets.UTF_8));
    if (!(doc instanceof Map<?, ?> m) || !FORMAT.equals(m.get("format"))) {
      throw new CliException(shown + " is not an amocrm-tokens backup bundle (not JSON with"
          + " \"format\": \"" + FORMAT + "\"; truncated or damaged?)");
    }
    if (!(m.get("formatVersion") instanceof Number v) || v.doubleValue() < 1) {
      throw new CliException(shown + " is damaged: no formatVersion");
    }
    if (v.doubleValue() > FORMAT_VERSION) {
      throw new CliException(shown + " was made by a newer amocrm-tokens (format "
          + (long) v.doubleValue() + "); this one reads format " + FORMAT_VERSION);
    }
    if (!(m.get("manifest") instanceof Map<?, ?> manifest)
        || !(m.get("encryption") instanceof Map<?, ?> encryption)
        || !(m.get("sealed") instanceof String sealedText)) {
      throw new CliException(shown + " is damaged: its manifest, encryption or sealed part is"
          + " missing");
    }
    Map<String, @Nullable Object> header = new LinkedHashMap<>();
    header.put("format", m.get("format"));
    header.put("formatVersion", m.get("formatVersion"));
    header.put("manifest", manifest);
    header.put("encryption", encryption);
    List<Entry> entries = new ArrayList<>();
    Instant createdAt;
    String source;
    try {
      createdAt = Instant.parse(text(manifest, "createdAt"));
      source = text(manifest, "source");
      if (!(manifest.get("grants") instanceof List<?> list)) {
        throw new IllegalArgumentException("grants");
      }
      for (Object g : list) {
        if (!(g instanceof Map<?, ?> e)) {
          throw new IllegalArgumentException("grants");
        }
        entries.add(new Entry(GrantKey.parse(text(e, "grant")), text(e, "accountDomain"),
            whole(e, "version"), Instant.parse(text(e, "issuedAt")),
            Instant.parse(text(e, "expiresAt")), Boolean.TRUE.equals(e.get("longLived")),
            text(e, "accessTokenFingerprint"), text(e, "refreshTokenFingerprint")));
      }
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new CliException(shown + " is damaged: its manifest cannot be read ("
          + Errors.describe(e) + ")");
    }
    byte[] sealed;
    try {
      sealed = Base64.getDecoder().decode(sealedText);
    } catch (IllegalArgumentException e) {
      throw new CliException(shown + " is damaged: its sealed part is not base64");
    }
    return new Parsed(header, createdAt, source, entries, encryption, sealed);
  }

  /** Opens a parsed bundle: its records, checked against its manifest. */
  static List<TokenRecord> open(Parsed p, BundleKey key, String shown) {
    Object keyFrom = p.encryption().get("keyFrom");
    if (!key.kind.equals(keyFrom)) {
      throw new CliException(shown + " was sealed with a " + keyFrom + ", not a " + key.kind
          + ": give --" + (BundleKey.KEY.equals(keyFrom) ? "key-env" : "passphrase-env"));
    }
    Object sealedWith = p.encryption().get("keyFingerprint");
    if (key.fingerprint != null && sealedWith != null && !key.fingerprint.equals(sealedWith)) {
      throw new CliException(shown + " was sealed with key " + sealedWith + "; "
          + key.describe() + " is another key");
    }
    byte[] plain;
    try {
      Cipher c = cipher(Cipher.DECRYPT_MODE, key, p.encryption(), shown);
      c.updateAAD(associatedData(p.header()));
      plain = c.doFinal(p.sealed());
    } catch (AEADBadTagException e) {
      throw new CliException(key.kind.equals(BundleKey.KEY)
          ? shown + " is damaged or was changed: it does not authenticate with " + key.describe()
          : shown + " does not open with " + key.describe() + ": a wrong passphrase, or the"
              + " bundle was changed");
    } catch (GeneralSecurityException e) {
      throw new CliException(shown + " cannot be opened: " + Errors.describe(e));
    }
    List<TokenRecord> records = new ArrayList<>();
    try {
      Object doc = Json.parse(new String(plain, StandardCharsets.UTF_8));
      if (!(doc instanceof Map<?, ?> m) || !(m.get("records") instanceof List<?> list)) {
        throw new IllegalArgumentException("no records");
      }
      for (Object r : list) {
        if (!(r instanceof String json)) {
          throw new IllegalArgumentException("a record is not text");
        }
        records.add(TokenRecord.fromJson(json));
      }
    } catch (IllegalArgumentException e) {
      throw new CliException(shown + " is damaged: its sealed records cannot be read");
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
    if (records.size() != p.grants().size()) {
      throw new CliException(shown + " is damaged: it seals " + records.size()
          + " records where its manifest lists " + p.grants().size());
    }
    for (int i = 0; i < records.size(); i++) {
      if (!p.grants().get(i).matches(records.get(i))) {
        throw new CliException(shown + " is damaged: sealed record " + (i + 1)
            + " differs from its manifest");
      }
    }
    return records;
  }

  private static Cipher cipher(int mode, BundleKey key, Map<?, ?> encryption, String shown)
      throws GeneralSecurityException {
    if (!"AES-256-GCM".equals(encryption.get("cipher"))
        || !(encryption.get("nonce") instanceof String nonceText)) {
      throw new CliException(shown + " is damaged: its cipher or nonce is missing or unknown");
    }
    byte[] nonce;
    try {
      nonce = Base64.getDecoder().decode(nonceText);
    } catch (IllegalArgumentException e) {
      throw new CliException(shown + " is damaged: its nonce is not base64");
    }
    if (nonce.length != NONCE_BYTES) {
      throw new CliException(shown + " is damaged: its nonce is not " + NONCE_BYTES + " bytes");
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, key.secretKey(encryption, shown), new GCMParameterSpec(TAG_BITS, nonce));
    return c;
  }

  /** Everything but the ciphertext, in canonical form: what the tag authenticates. */
  private static byte[] associatedData(Map<String, @Nullable Object> doc) {
    Map<String, @Nullable Object> header = new LinkedHashMap<>();
    for (String k : List.of("format", "formatVersion", "manifest", "encryption")) {
      header.put(k, doc.get(k));
    }
    return Json.canonical(header).getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Map<?, ?> m, String field) {
    if (!(m.get(field) instanceof String s) || s.isEmpty()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return s;
  }

  private static long whole(Map<?, ?> m, String field) {
    if (!(m.get(field) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || n.doubleValue() < 0) {
      throw new IllegalArgumentException(field + " is not a whole number");
    }
    return (long) n.doubleValue();
  }
}
