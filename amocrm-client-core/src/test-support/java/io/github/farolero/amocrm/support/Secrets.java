package io.github.farolero.amocrm.support;

import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Collects every text an exception exposes, to check that no secret is in any of it. */
public final class Secrets {
  private Secrets() {}

  /**
   * Returns the messages, toString()s and HTTP problem fields of a throwable, its causes and its
   * suppressed exceptions, joined.
   */
  public static String everythingShownBy(Throwable t) {
    StringBuilder out = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(t, out, seen);
    return out.toString();
  }

  private static void collect(Throwable t, StringBuilder out, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return;
    }
    out.append(t).append('\n').append(t.getMessage()).append('\n')
        .append(t.getLocalizedMessage()).append('\n');
    if (t instanceof AmoCrmHttpException h) {
      out.append(h.title()).append('\n').append(h.detail()).append('\n')
          .append(h.requestId()).append('\n');
    }
    if (t instanceof OAuthException o) {
      out.append(o.hint()).append('\n');
    }
    collect(t.getCause(), out, seen);
    for (Throwable s : t.getSuppressed()) {
      collect(s, out, seen);
    }
  }
}
