package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.health.HealthReason;
import io.github.farolero.amocrm.health.TokenHealth;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code status} and {@code verify} output: text for people, JSON for programs. */
final class HealthOutput {

  private HealthOutput() {}

  static Map<String, @Nullable Object> json(String command, Health.View v) {
    Map<String, @Nullable Object> doc = Json.object();
    doc.put("command", command);
    doc.put("state", v.state().name());
    doc.put("exitCode", v.state().exitCode());
    doc.put("checkedAt", Json.time(v.checkedAt()));
    doc.put("store", v.store());
    List<Object> members = new ArrayList<>();
    for (Health.Member m : v.members()) {
      Map<String, @Nullable Object> o = Json.object();
      o.put("name", m.name());
      o.put("writable", m.writable());
      o.put("durable", m.durable());
      o.put("lock", m.lock());
      o.put("lockMember", m.lockMember());
      o.put("reachable", m.reachable());
      o.put("error", m.error());
      members.add(o);
    }
    doc.put("members", members);
    doc.put("reasons", reasons(v.reasons()));
    List<Object> grants = new ArrayList<>();
    for (TokenHealth h : v.grants()) {
      grants.add(grant(h));
    }
    doc.put("grants", grants);
    return doc;
  }

  static List<Object> reasons(List<HealthReason> reasons) {
    List<Object> out = new ArrayList<>();
    for (HealthReason r : reasons) {
      Map<String, @Nullable Object> o = Json.object();
      o.put("state", r.state().name());
      o.put("code", r.code());
      o.put("message", r.message());
      out.add(o);
    }
    return out;
  }

  static Map<String, @Nullable Object> grant(TokenHealth h) {
    Map<String, @Nullable Object> o = Json.object();
    TokenStatus s = h.status();
    o.put("grant", h.key().id());
    o.put("domain", h.key().domain());
    o.put("clientId", h.key().clientId());
    o.put("state", h.state().name());
    o.put("accountDomain", s == null ? null : s.accountDomain());
    o.put("version", s == null ? null : s.version());
    o.put("longLived", s == null ? null : s.longLived());
    o.put("issuedAt", s == null ? null : Json.time(s.issuedAt()));
    o.put("expiresAt", s == null ? null : Json.time(s.expiresAt()));
    o.put("accessTokenExpiresInSeconds",
        s == null ? null : Duration.between(h.checkedAt(), s.expiresAt()).toSeconds());
    o.put("refreshTokenAgeDays", s == null || s.longLived() || s.issuedAt().equals(Instant.EPOCH)
        ? null : Duration.between(s.issuedAt(), h.checkedAt()).toDays());
    o.put("accessTokenFingerprint", s == null ? null : s.accessTokenFingerprint());
    o.put("refreshTokenFingerprint", s == null ? null : s.refreshTokenFingerprint());
    o.put("reasons", reasons(h.reasons()));
    return o;
  }

  static void text(PrintStream out, String command, Health.View v) {
    int n = v.grants().size();
    out.println(command + ": " + v.state() + " (" + n + (n == 1 ? " grant" : " grants")
        + " in " + v.store() + ")");
    for (Health.Member m : v.members()) {
      if (!m.reachable() || v.members().size() > 1) {
        out.println("  store " + m.name() + (m.lock() == null ? "" : ", lock " + m.lock())
            + (m.lockMember() && v.members().size() > 1 ? " (the composite's lock)" : "")
            + (m.writable() ? "" : ", read-only")
            + (m.reachable() ? ": reachable" : ": UNREACHABLE: " + m.error()));
      }
    }
    for (HealthReason r : v.reasons()) {
      out.println("  " + r);
    }
    for (TokenHealth h : v.grants()) {
      out.println(line(h));
      for (HealthReason r : h.reasons()) {
        out.println("      " + r);
      }
    }
  }

  private static String line(TokenHealth h) {
    StringBuilder b = new StringBuilder(String.format("%-8s %s", h.state(), h.key()));
    TokenStatus s = h.status();
    if (s == null) {
      return b.append("  (no tokens read)").toString();
    }
    b.append("  v").append(s.version());
    if (s.longLived()) {
      b.append("  long-lived ").append(s.accessTokenFingerprint()).append(" until ")
          .append(s.expiresAt());
      return b.toString();
    }
    b.append("  access ").append(s.accessTokenFingerprint()).append(" until ")
        .append(s.expiresAt()).append(" (").append(human(Duration.between(h.checkedAt(),
            s.expiresAt()))).append(")");
    b.append("  refresh ").append(s.refreshTokenFingerprint());
    if (!s.issuedAt().equals(Instant.EPOCH)) {
      b.append(", issued ").append(Duration.between(s.issuedAt(), h.checkedAt()).toDays())
          .append(" d ago");
    } else {
      b.append(", issue time unknown");
    }
    return b.toString();
  }

  /** {@code in 23h 59m} or {@code 2h 3m ago}. */
  static String human(Duration d) {
    boolean past = d.isNegative();
    Duration a = d.abs();
    String text = a.toDays() > 0 ? a.toDays() + "d " + a.toHoursPart() + "h"
        : a.toHours() > 0 ? a.toHours() + "h " + a.toMinutesPart() + "m"
        : a.toMinutes() + "m " + a.toSecondsPart() + "s";
    return past ? "expired " + text + " ago" : "in " + text;
  }
}
