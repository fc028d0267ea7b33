package io.github.farolero.amocrm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.support.Generators;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrantKeyTest {

  @Test
  void domainIsTrimmedAndLowerCased() {
    GrantKey key = GrantKey.of("  Example.AmoCRM.RU\t");
    assertThat(key.domain()).isEqualTo("example.amocrm.ru");
    assertThat(key.clientId()).isNull();
    assertThat(key).isEqualTo(GrantKey.of("example.amocrm.ru"));
    assertThat(key.id()).isEqualTo("example.amocrm.ru");
  }

  @Test
  void clientIdKeepsItsCaseAndIsPartOfTheId() {
    GrantKey key = GrantKey.of("Example.amocrm.ru", "Client-ID_1.x");
    assertThat(key.clientId()).isEqualTo("Client-ID_1.x");
    assertThat(key.id()).isEqualTo("example.amocrm.ru/Client-ID_1.x");
    assertThat(key.toString()).isEqualTo(key.id());
    assertThat(key).isNotEqualTo(GrantKey.of("example.amocrm.ru", "client-id_1.x"));
    assertThat(key).isNotEqualTo(GrantKey.of("example.amocrm.ru"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "../../etc", "..", "a/b", "a b.amocrm.ru", "a\nb.amocrm.ru", "a\u0000.amocrm.ru",
      "exa_mple.amocrm.ru", ".example.amocrm.ru", "example.amocrm.ru.", "example..amocrm.ru",
      "-example.amocrm.ru", "example-.amocrm.ru", "пример.рф", "example.amocrm.ru:443",
      "user@example.amocrm.ru", "example.amocrm.ru/", "%2e%2e", "a\\b"})
  void nonHostDomainsAreRejected(String domain) {
    assertThatThrownBy(() -> GrantKey.of(domain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("domain is not a host name");
  }

  @Test
  void lengthLimitsOfDomainAndLabels() {
    String label63 = "a".repeat(63);
    assertThat(GrantKey.of(label63 + ".ru").domain()).hasSize(66);
    assertThatThrownBy(() -> GrantKey.of("a" + label63 + ".ru"))
        .isInstanceOf(IllegalArgumentException.class);

    // 4 x 63 + 3 dots = 255; trim to exactly 253 and 254.
    String d253 = label63 + "." + label63 + "." + label63 + "." + "a".repeat(61);
    assertThat(d253).hasSize(253);
    assertThat(GrantKey.of(d253).domain()).isEqualTo(d253);
    String d254 = label63 + "." + label63 + "." + label63 + "." + "a".repeat(62);
    assertThatThrownBy(() -> GrantKey.of(d254)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tooLongDomainIsNotEchoedInFull() {
    String hostile = "x".repeat(10_000);
    assertThatThrownBy(() -> GrantKey.of(hostile))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
  }

  @Test
  void nullsAreRejectedByName() {
    assertThatNullPointerException().isThrownBy(() -> GrantKey.of(null)).withMessage("domain == null");
    assertThatNullPointerException().isThrownBy(() -> GrantKey.of("a.amocrm.ru", null))
        .withMessage("clientId == null");
    assertThatNullPointerException().isThrownBy(() -> GrantKey.parse(null)).withMessage("id == null");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", " abc", "abc ", "a/b", "a b", "a:b", "ключ", "a\nb", "a+b"})
  void badClientIdsAreRejectedWithoutEchoingThem(String clientId) {
    assertThatThrownBy(() -> GrantKey.of("example.amocrm.ru", clientId))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clientId")
        .satisfies(e -> {
          if (!clientId.isBlank()) {
            assertThat(e.getMessage()).doesNotContain(clientId);
          }
        });
  }

  @Test
  void clientIdLengthLimit() {
    assertThat(GrantKey.of("a.amocrm.ru", "c".repeat(128)).clientId()).hasSize(128);
    assertThatThrownBy(() -> GrantKey.of("a.amocrm.ru", "c".repeat(129)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parseReadsBothFormsAndNormalizes() {
    assertThat(GrantKey.parse("Example.amocrm.ru")).isEqualTo(GrantKey.of("example.amocrm.ru"));
    assertThat(GrantKey.parse("EXAMPLE.amocrm.ru/Abc"))
        .isEqualTo(GrantKey.of("example.amocrm.ru", "Abc"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "/abc", "example.amocrm.ru/", "example.amocrm.ru/a/b",
      "example.amocrm.ru//a", "../x/y"})
  void parseRejectsNonKeys(String id) {
    assertThatThrownBy(() -> GrantKey.parse(id)).isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 300)
  void idAndParseRoundTrip(@ForAll("keys") GrantKey key) {
    assertThat(GrantKey.parse(key.id())).isEqualTo(key);
    assertThat(GrantKey.parse(key.id()).id()).isEqualTo(key.id());
  }

  @Property(tries = 200)
  void normalizationIsIdempotentAndCaseInsensitive(@ForAll("domains") String domain) {
    GrantKey upper = GrantKey.of(" " + domain.toUpperCase(java.util.Locale.ROOT) + " ");
    assertThat(upper.domain()).isEqualTo(domain);
    assertThat(GrantKey.of(upper.domain())).isEqualTo(upper);
  }

  @Property(tries = 300)
  void rejectionMessagesNeverCarryC0ControlCharacters(
      @ForAll("domainsWithC0Controls") String domain) {
    assertThatThrownBy(() -> GrantKey.of(domain))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage().chars().noneMatch(c -> c < 0x20 || c == 0x7f))
            .as("message %s", e.getMessage().replaceAll("\\p{Cntrl}", "<CTRL>"))
            .isTrue());
  }

  @Property(tries = 200)
  void rejectionMessagesNeverCarryAnyControlOrLineBreakingCharacter(
      @ForAll("domainsWithAnyControls") String domain) {
    assertThatThrownBy(() -> GrantKey.of(domain))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage().chars().noneMatch(GrantKeyTest::breaksLogs))
            .as("message of %s", domain.codePoints().mapToObj(Integer::toHexString).toList())
            .isTrue());
  }

  @Test
  void nonAsciiLettersThatLowerCaseToAsciiAreRejected() {
    assertThatThrownBy(() -> GrantKey.of("\u212Aey.amocrm.ru"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static boolean breaksLogs(int c) {
    return Character.isISOControl(c) || c == 0x2028 || c == 0x2029;
  }

  @Provide
  Arbitrary<GrantKey> keys() {
    return Generators.grantKey();
  }

  @Provide
  Arbitrary<String> domains() {
    return Generators.domain();
  }

  @Provide
  Arbitrary<String> domainsWithC0Controls() {
    Arbitrary<String> control = Arbitraries.chars().range('\u0000', '\u001f').with('\u007f')
        .map(String::valueOf);
    return net.jqwik.api.Combinators.combine(Generators.label(), control, Generators.label())
        .as((a, c, b) -> a + c + b + ".amocrm.ru");
  }

  @Provide
  Arbitrary<String> domainsWithAnyControls() {
    Arbitrary<String> control = Arbitraries.chars().range('\u0080', '\u009f')
        .with('\u2028', '\u2029').map(String::valueOf);
    return net.jqwik.api.Combinators.combine(Generators.label(), control, Generators.label())
        .as((a, c, b) -> a + c + b + ".amocrm.ru");
  }
}
