package io.github.farolero.amocrm.support;

import io.github.farolero.amocrm.store.GrantKey;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators shared by the property tests. */
public final class Generators {
  private Generators() {}

  /** One DNS label: 1-63 of [a-z0-9-], not starting or ending with '-'. */
  public static Arbitrary<String> label() {
    Arbitrary<Character> edge = Arbitraries.chars().range('a', 'z').range('0', '9');
    Arbitrary<String> middle = Arbitraries.strings().withCharRange('a', 'z')
        .withCharRange('0', '9').withChars('-').ofMinLength(0).ofMaxLength(61);
    Arbitrary<String> single = edge.map(String::valueOf);
    Arbitrary<String> longer = Combinators.combine(edge, middle, edge)
        .as((a, m, b) -> a + m + b);
    return Arbitraries.oneOf(single, longer);
  }

  /** A valid, already normalized host name of 1-4 labels, at most 253 characters. */
  public static Arbitrary<String> domain() {
    return label().list().ofMinSize(1).ofMaxSize(4)
        .map(labels -> String.join(".", labels))
        .filter(d -> d.length() <= 253);
  }

  /** A valid client id: 1-128 of [A-Za-z0-9._-]. */
  public static Arbitrary<String> clientId() {
    return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
        .withCharRange('0', '9').withChars('.', '_', '-').ofMinLength(1).ofMaxLength(128);
  }

  public static Arbitrary<GrantKey> grantKey() {
    return Combinators.combine(domain(), clientId().injectNull(0.4)).as(GrantKey::new);
  }

  /**
   * A token: any non-blank text of valid UTF-16 (no unpaired surrogates), including quotes,
   * backslashes, control characters and non-ASCII.
   */
  public static Arbitrary<String> token() {
    return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(200)
        .filter(s -> !s.isBlank() && wellFormed(s));
  }

  /** An instant with nanoseconds, between years 1900 and 2400. */
  public static Arbitrary<Instant> instant() {
    long min = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("2400-01-01T00:00:00Z").getEpochSecond();
    return Combinators.combine(
            Arbitraries.longs().between(min, max),
            Arbitraries.integers().between(0, 999_999_999))
        .as(Instant::ofEpochSecond);
  }

  /** Returns true if the text has no unpaired surrogate (so it survives UTF-8). */
  public static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
