package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** Masking secrets whole and in part: examples, then properties over any secrets and echoes. */
class RedactorTest {

  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJhcGlfZG9tYWluIjoiYXBpIn0.c2lnbmF0dXJl";
  private static final String REFRESH = "def502003b1a9c7e44f0d2a8b6c5e7f9a1b3c5d7e9f1a3b5c7d9";

  private static final Redactor TOKENS = Redactor.of(List.of(TOKEN, REFRESH));

  @Test
  void aWholeSecretBecomesOneMarker() {
    assertThat(TOKENS.redact("token " + TOKEN + " was refused"))
        .isEqualTo("token [redacted] was refused");
  }

  @Test
  void aPieceOfTwelveCharactersIsMasked() {
    String piece = TOKEN.substring(7, 19);
    assertThat(TOKENS.redact("got " + piece + "…")).isEqualTo("got [redacted]…");
  }

  @Test
  void aPieceOfElevenCharactersIsLeft() {
    String text = "got " + TOKEN.substring(7, 18) + "…";
    assertThat(TOKENS.redact(text)).isEqualTo(text);
  }

  @Test
  void piecesAtTheStartAndAtTheEndOfTheText() {
    assertThat(TOKENS.redact(TOKEN.substring(0, 15) + " is expired"))
        .isEqualTo("[redacted] is expired");
    assertThat(TOKENS.redact("expired: " + REFRESH.substring(REFRESH.length() - 12)))
        .isEqualTo("expired: [redacted]");
  }

  /** amoCRM truncates an echoed token in the middle: both ends are masked, the dots stay. */
  @Test
  void aTruncatedEchoIsMaskedAtBothEnds() {
    String echo = TOKEN.substring(0, 16) + "..." + TOKEN.substring(TOKEN.length() - 14);
    assertThat(TOKENS.redact("Token " + echo)).isEqualTo("Token [redacted]...[redacted]");
  }

  @Test
  void aSecretSplitAcrossALineIsMaskedOnEachLine() {
    String text = "hint: " + REFRESH.substring(0, 20) + "\n" + REFRESH.substring(20);
    assertThat(TOKENS.redact(text)).isEqualTo("hint: [redacted]\n[redacted]");
  }

  @Test
  void twoSecretsApartAreMaskedApart() {
    assertThat(TOKENS.redact("access=" + TOKEN + ", refresh=" + REFRESH))
        .isEqualTo("access=[redacted], refresh=[redacted]");
  }

  @Test
  void overlappingAndTouchingPiecesMergeIntoOneMarker() {
    assertThat(TOKENS.redact("[" + TOKEN.substring(0, 20) + TOKEN.substring(10, 30) + "]"))
        .isEqualTo("[[redacted]]");
    assertThat(TOKENS.redact("<" + TOKEN + REFRESH + ">")).isEqualTo("<[redacted]>");
  }

  @Test
  void unicodeAroundASecretIsKept() {
    assertThat(TOKENS.redact("Токен «" + TOKEN + "» 🙂 отклонён"))
        .isEqualTo("Токен «[redacted]» 🙂 отклонён");
  }

  /** A piece that begins on the second half of a surrogate pair takes the first half along. */
  @Test
  void aSurrogatePairIsNotSplitByTheMarker() {
    String secret = "Z🙂abcdefghijklmn"; // 🙂 is \uD83D\uDE42
    Redactor r = Redactor.of(List.of(secret));
    // U+1FA42 is \uD83E\uDE42: it shares "\uDE42abcdefghijk" with the secret, not its first half.
    assertThat(r.redact("Y\uD83E\uDE42abcdefghijk")).isEqualTo("Y[redacted]");
    assertThat(r.redact("Y" + "abcdefghijklmn" + "🙂!")).isEqualTo("Y[redacted]🙂!");
  }

  @Test
  void aShortSecretIsMaskedOnlyWhole() {
    Redactor r = Redactor.of(List.of("s3cr3t-42", "abc"));
    assertThat(r.redact("client_secret=s3cr3t-42&x")).isEqualTo("client_secret=[redacted]&x");
    assertThat(r.redact("s3cr3t-4 and s3cr3t-42s3cr3t-42")).isEqualTo("s3cr3t-4 and [redacted]");
    assertThat(r.redact("abc is under four characters")).isEqualTo("abc is under four characters");
  }

  /**
   * A secret holding "[redacted]" can be spelled again by the marker and what is left around it:
   * the text is masked until no piece remains.
   */
  @Test
  void theMarkerCannotCompleteASecret() {
    Redactor r = Redactor.of(List.of("0123456789AB", "Q[redacted]Z"));
    assertThat(r.redact("Q0123456789ABZ")).isEqualTo("[redacted]");
  }

  @Test
  void nullBlankAndNoSecrets() {
    assertThat(TOKENS.redact(null)).isNull();
    assertThat(Redactor.NONE.redact("x " + TOKEN)).isEqualTo("x " + TOKEN);
    assertThat(Redactor.of(Arrays.asList(null, "", "   \t      \n   "))).isSameAs(Redactor.NONE);
    assertThat(Redactor.of((String) null, TOKEN).redact(TOKEN)).isEqualTo("[redacted]");
    assertThat(TOKENS.redact("")).isEmpty();
  }

  @Test
  void toStringShowsNoSecret() {
    assertThat(TOKENS.toString()).doesNotContain(TOKEN.substring(0, 4))
        .doesNotContain(REFRESH.substring(0, 4));
  }

  // ---- properties ----

  /** Some secrets and a text made of noise and pieces of them. */
  record Echo(List<String> secrets, String text) {}

  /** Secrets of every kind: repetitive (overlaps everywhere), token-like, any characters. */
  private static Arbitrary<String> anySecret() {
    return Arbitraries.oneOf(
            Arbitraries.strings().withChars("ab0").ofMinLength(1).ofMaxLength(40),
            Arbitraries.strings().alpha().numeric().withChars("-_.").ofMinLength(1)
                .ofMaxLength(80),
            Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40))
        .filter(s -> !s.isBlank());
  }

  /** A substring of one of the secrets, often 12 or more characters long. */
  private static Arbitrary<String> pieceOf(List<String> secrets) {
    return Arbitraries.of(secrets).flatMap(s -> Arbitraries.integers().between(0, s.length())
        .flatMap(from -> Arbitraries.oneOf(
            Arbitraries.integers().between(from, s.length()),
            Arbitraries.integers().between(Math.min(s.length(), from + 12), s.length()))
            .map(to -> s.substring(from, to))));
  }

  @Provide
  Arbitrary<Echo> echoes() {
    Arbitrary<String> noise = Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(6),
        Arbitraries.strings().withChars("ab0[redacted]…\n").ofMaxLength(8));
    return anySecret().list().ofMinSize(1).ofMaxSize(4).flatMap(secrets ->
        Arbitraries.frequencyOf(Tuple.of(3, pieceOf(secrets)), Tuple.of(2, noise))
            .list().ofMaxSize(12)
            .map(parts -> new Echo(secrets, String.join("", parts))));
  }

  @Property(tries = 1000)
  void noTwelveCharactersOfASecretSurvive(@ForAll("echoes") Echo echo) {
    String out = Redactor.of(echo.secrets()).redact(echo.text());
    for (String secret : echo.secrets()) {
      for (int i = 0; i + Redactor.WINDOW <= secret.length(); i++) {
        String window = secret.substring(i, i + Redactor.WINDOW);
        assertThat(out).as("a piece of a secret in %s", out).doesNotContain(window);
      }
    }
  }

  /**
   * Pieces of secrets under 12 characters, apart from each other: nothing to mask, so nothing
   * changes, even though every character of the text is a secret's.
   */
  @Provide
  Arbitrary<Echo> nearMisses() {
    Arbitrary<String> tokenLike = Arbitraries.strings().alpha().numeric().withChars("-_.")
        .ofMinLength(12).ofMaxLength(80);
    Arbitrary<String> apart = Arbitraries.strings().withChars(" \n…«»/:=\"'🙂").ofMinLength(1)
        .ofMaxLength(3);
    return tokenLike.list().ofMinSize(1).ofMaxSize(4).flatMap(secrets -> {
      Arbitrary<String> shortPiece =
          Arbitraries.oneOf(pieceOf(secrets), Arbitraries.strings().all().ofMaxLength(20))
              .map(p -> p.length() < Redactor.WINDOW ? p : p.substring(0, Redactor.WINDOW - 1));
      return Combinators.combine(shortPiece, apart).as(String::concat).list().ofMaxSize(10)
          .map(parts -> new Echo(secrets, String.join("", parts)));
    }).filter(e -> sharesNoWindow(e.secrets(), e.text()));
  }

  @Property(tries = 500)
  void textSharingNoTwelveCharactersWithASecretIsUnchanged(@ForAll("nearMisses") Echo echo) {
    assertThat(Redactor.of(echo.secrets()).redact(echo.text())).isEqualTo(echo.text());
  }

  /**
   * Pieces of token-like secrets kept apart by characters no secret has: exactly the pieces of 12
   * or more characters become markers, and everything else is kept as it was.
   */
  @Property(tries = 500)
  void exactlyThePiecesOfTwelveOrMoreAreMasked(@ForAll("pieces") Pieces p) {
    StringBuilder text = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    for (String piece : p.pieces()) {
      text.append(piece).append(" | ");
      expected.append(piece.length() >= Redactor.WINDOW ? Redactor.MARKER : piece).append(" | ");
    }
    assertThat(Redactor.of(p.secrets()).redact(text.toString()))
        .isEqualTo(expected.toString());
  }

  record Pieces(List<String> secrets, List<String> pieces) {}

  @Provide
  Arbitrary<Pieces> pieces() {
    Arbitrary<String> tokenLike = Arbitraries.strings().alpha().numeric().withChars("-_.")
        .ofMinLength(12).ofMaxLength(80);
    return tokenLike.list().ofMinSize(1).ofMaxSize(3).flatMap(secrets ->
        pieceOf(secrets).list().ofMaxSize(8).map(pieces -> new Pieces(secrets, pieces)));
  }

  /** The oracle: no window of the text is a window of a secret (checked the slow way). */
  private static boolean sharesNoWindow(List<String> secrets, String text) {
    List<String> windows = new ArrayList<>();
    for (int i = 0; i + Redactor.WINDOW <= text.length(); i++) {
      windows.add(text.substring(i, i + Redactor.WINDOW));
    }
    return secrets.stream().noneMatch(s -> windows.stream().anyMatch(s::contains));
  }
}
