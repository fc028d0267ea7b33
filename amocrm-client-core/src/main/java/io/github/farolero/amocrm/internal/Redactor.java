package io.github.farolero.amocrm.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Masks secrets (tokens, the client secret, an authorization code) in text that came from the
 * server or from an exception: a problem's title or detail, a validation error, an
 * {@code X-Request-Id}, an {@code IOException}'s message.
 *
 * <p>A server may echo a secret in part (truncated, or split across lines), so whole-string
 * replacement is not enough: every character of the text that lies in a run of
 * {@value #WINDOW} or more characters shared with a secret is covered, and each maximal run of
 * covered characters becomes one {@value #MARKER}. A secret shorter than {@value #WINDOW}
 * characters cannot be matched in part without masking ordinary words, so it is masked only where
 * it appears whole, and only if it has at least {@value #MIN_WHOLE} characters. After
 * {@link #redact} no run of {@value #WINDOW} characters of any secret is left in the text.
 *
 * <p>Immutable and thread-safe. Characters are UTF-16 code units; a covered range is widened so
 * as not to split a surrogate pair.
 */
final class Redactor {

  /** The shortest piece of a secret that is masked wherever it appears. */
  static final int WINDOW = 12;

  /** The shortest secret that is masked at all (whole), as {@code TokenEndpoint} always did. */
  static final int MIN_WHOLE = 4;

  /** What a covered run is replaced with. */
  static final String MARKER = "[redacted]";

  /** Masks nothing: {@link #redact} returns its argument. */
  static final Redactor NONE = new Redactor(new int[0], Set.of(), List.of());

  /** 31^(WINDOW-1) in int arithmetic: the weight of a window's first char in String.hashCode. */
  private static final int LEAD_WEIGHT = leadWeight();

  // Every WINDOW-character piece of every long secret, and their String.hashCode()s sorted. The
  // text's windows are hashed rolling, so the usual case (nothing secret in the text) allocates
  // nothing; only a hash hit is confirmed against the set.
  private final int[] windowHashes;
  private final Set<String> windows;
  private final List<String> wholeOnly; // secrets of MIN_WHOLE..WINDOW-1 characters

  private Redactor(int[] windowHashes, Set<String> windows, List<String> wholeOnly) {
    this.windowHashes = windowHashes;
    this.windows = windows;
    this.wholeOnly = wholeOnly;
  }

  /**
   * Returns a redactor for the secrets; null and blank ones are ignored, and so are secrets
   * shorter than {@value #MIN_WHOLE} characters.
   *
   * @param secrets the secrets, in any order
   */
  static Redactor of(Collection<? extends @Nullable String> secrets) {
    Objects.requireNonNull(secrets, "secrets == null");
    Set<String> windows = new HashSet<>();
    Set<String> wholeOnly = new LinkedHashSet<>();
    for (String s : secrets) {
      if (s == null || s.isBlank() || s.length() < MIN_WHOLE) {
        continue;
      }
      if (s.length() < WINDOW) {
        wholeOnly.add(s);
        continue;
      }
      for (int i = 0; i + WINDOW <= s.length(); i++) {
        windows.add(s.substring(i, i + WINDOW));
      }
    }
    if (windows.isEmpty() && wholeOnly.isEmpty()) {
      return NONE;
    }
    int[] hashes = windows.stream().mapToInt(String::hashCode).distinct().sorted().toArray();
    return new Redactor(hashes, Set.copyOf(windows), List.copyOf(wholeOnly));
  }

  /**
   * Returns a redactor for the secrets; null and blank ones are ignored.
   *
   * @param secrets the secrets, any of them null
   */
  static Redactor of(@Nullable String... secrets) {
    Objects.requireNonNull(secrets, "secrets == null");
    return of(Arrays.asList(secrets));
  }

  /**
   * Returns the text with every piece of a secret masked, or null for null.
   *
   * @param text text from the server or from an exception
   */
  @Nullable String redact(@Nullable String text) {
    if (text == null || this == NONE) {
      return text;
    }
    boolean[] covered = new boolean[text.length()];
    boolean any = coverWindows(text, covered);
    for (String s : wholeOnly) {
      for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) {
        Arrays.fill(covered, i, i + s.length(), true);
        any = true;
      }
    }
    if (!any) {
      return text;
    }
    String out = replaceCovered(text, covered);
    // Text left on both sides of a marker can, with the marker's own characters, spell a piece of
    // a secret that contains "[redacted]". Mask again until nothing is found; each such pass
    // replaces 12 or more characters with 10, so it ends. Short secrets are not looked for again:
    // one may be part of the marker ("dact"), and masking it there would never end.
    while (true) {
      covered = new boolean[out.length()];
      if (!coverWindows(out, covered)) {
        return out;
      }
      out = replaceCovered(out, covered);
    }
  }

  /** Marks every WINDOW-character piece of the text that is a piece of a secret. */
  private boolean coverWindows(String text, boolean[] covered) {
    if (windows.isEmpty() || text.length() < WINDOW) {
      return false;
    }
    boolean any = false;
    int h = 0;
    for (int i = 0; i < WINDOW; i++) {
      h = 31 * h + text.charAt(i);
    }
    for (int start = 0; ; start++) {
      // h == text.substring(start, start + WINDOW).hashCode()
      if (Arrays.binarySearch(windowHashes, h) >= 0
          && windows.contains(text.substring(start, start + WINDOW))) {
        Arrays.fill(covered, start, start + WINDOW, true);
        any = true;
      }
      int end = start + WINDOW;
      if (end >= text.length()) {
        return any;
      }
      h = 31 * (h - LEAD_WEIGHT * text.charAt(start)) + text.charAt(end);
    }
  }

  /** Replaces each maximal run of covered characters with one marker. */
  private static String replaceCovered(String text, boolean[] covered) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (!covered[i]) {
        out.append(text.charAt(i++));
        continue;
      }
      int start = i;
      while (i < text.length() && covered[i]) {
        i++;
      }
      // Do not leave half of a surrogate pair beside the marker. The char before a run is never
      // covered, so it is the last one appended.
      if (start > 0 && Character.isLowSurrogate(text.charAt(start))
          && Character.isHighSurrogate(text.charAt(start - 1))) {
        out.setLength(out.length() - 1);
      }
      if (i < text.length() && Character.isLowSurrogate(text.charAt(i))
          && Character.isHighSurrogate(text.charAt(i - 1))) {
        i++;
      }
      out.append(MARKER);
    }
    return out.toString();
  }

  private static int leadWeight() {
    int w = 1;
    for (int i = 1; i < WINDOW; i++) {
      w *= 31;
    }
    return w;
  }

  /** Names the redactor without the secrets. */
  @Override
  public String toString() {
    return "Redactor[" + windows.size() + " windows, " + wholeOnly.size() + " short secrets]";
  }
}
