package io.github.farolero.amocrm.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Provisional: masks every 12+ character piece of a secret (replaced by the full version). */
final class Redactor {
  static final int MIN_PIECE = 12;
  static final Redactor NONE = new Redactor(List.of());
  private final Set<String> windows = new HashSet<>();
  private final List<String> shortSecrets;

  private Redactor(Collection<String> secrets) {
    List<String> shorts = new java.util.ArrayList<>();
    for (String s : secrets) {
      if (s == null || s.isBlank()) {
        continue;
      }
      if (s.length() < MIN_PIECE) {
        if (s.length() >= 4) {
          shorts.add(s);
        }
        continue;
      }
      for (int i = 0; i + MIN_PIECE <= s.length(); i++) {
        windows.add(s.substring(i, i + MIN_PIECE));
      }
    }
    this.shortSecrets = List.copyOf(shorts);
  }

  static Redactor of(Collection<String> secrets) {
    return new Redactor(secrets);
  }

  @Nullable String redact(@Nullable String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : shortSecrets) {
      out = out.replace(s, "[redacted]");
    }
    if (windows.isEmpty() || out.length() < MIN_PIECE) {
      return out;
    }
    boolean[] covered = new boolean[out.length()];
    boolean any = false;
    for (int i = 0; i + MIN_PIECE <= out.length(); i++) {
      if (windows.contains(out.substring(i, i + MIN_PIECE))) {
        for (int j = i; j < i + MIN_PIECE; j++) {
          covered[j] = true;
        }
        any = true;
      }
    }
    if (!any) {
      return out;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < out.length(); i++) {
      if (!covered[i]) {
        sb.append(out.charAt(i));
      } else if (i == 0 || !covered[i - 1]) {
        sb.append("[redacted]");
      }
    }
    return sb.toString();
  }
}
