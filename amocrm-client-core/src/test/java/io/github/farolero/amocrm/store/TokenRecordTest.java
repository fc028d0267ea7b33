package io.github.farolero.amocrm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.support.Generators;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TokenRecordTest {

  private static final GrantKey KEY = GrantKey.of("example.amocrm.ru");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static TokenRecord record(String access, String refresh, Instant issuedAt, long version) {
    return new TokenRecord(KEY, access, refresh, issuedAt.plusSeconds(86400), issuedAt,
        "example.amocrm.ru", version);
  }

  @Property(tries = 300)
  void toStringNeverShowsEitherToken(
      @ForAll("longTokens") String access, @ForAll("longTokens") String refresh) {
    TokenRecord r = record(access, refresh, T0, 7);
    String withoutTokens = "TokenRecord{key=" + KEY + r.expiresAt() + r.issuedAt()
        + r.accessTokenFingerprint() + r.refreshTokenFingerprint() + "version=7";
    Assume.that(!withoutTokens.contains(access) && !withoutTokens.contains(refresh));
    assertThat(r.toString()).doesNotContain(access).doesNotContain(refresh)
        .contains(r.accessTokenFingerprint()).contains(r.refreshTokenFingerprint());
  }

  @Test
  void toStringOfALongLivedRecordSaysNoRefreshToken() {
    TokenRecord r = new TokenRecord(KEY, "long-lived-access-token", null, T0, T0,
        "example.amocrm.ru", 1);
    assertThat(r.isLongLived()).isTrue();
    assertThat(r.refreshTokenFingerprint()).isEqualTo("none");
    assertThat(r.toString()).contains("refresh=none").doesNotContain("long-lived-access-token");
  }

  @Property(tries = 200)
  void fingerprintIsTheFirstSixHexOfSha256AndStable(@ForAll("tokens") String token)
      throws Exception {
    TokenRecord a = record(token, token + "-r", T0, 0);
    TokenRecord b = record(token, token + "-r", T0.plusSeconds(5), 3);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(token.getBytes(StandardCharsets.UTF_8))).substring(0, 6);
    assertThat(a.accessTokenFingerprint()).matches("[0-9a-f]{6}").isEqualTo(expected)
        .isEqualTo(b.accessTokenFingerprint());
  }

  @Test
  void differentTokensGetDifferentFingerprints() {
    assertThat(record("token-a", "r", T0, 0).accessTokenFingerprint())
        .isNotEqualTo(record("token-b", "r", T0, 0).accessTokenFingerprint());
  }

  @Test
  void constructorChecksItsParts() {
    assertThatThrownBy(() -> record(" ", "r", T0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accessToken");
    assertThatThrownBy(() -> record("a", "\t", T0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refreshToken");
    assertThatThrownBy(() -> record("a", "r", T0, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
    assertThatThrownBy(() -> new TokenRecord(KEY, "a", "r", T0, T0, "not a host", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatNullPointerException()
        .isThrownBy(() -> new TokenRecord(null, "a", "r", T0, T0, "a.amocrm.ru", 0))
        .withMessage("key == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new TokenRecord(KEY, null, "r", T0, T0, "a.amocrm.ru", 0))
        .withMessage("accessToken == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new TokenRecord(KEY, "a", "r", null, T0, "a.amocrm.ru", 0))
        .withMessage("expiresAt == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new TokenRecord(KEY, "a", "r", T0, null, "a.amocrm.ru", 0))
        .withMessage("issuedAt == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new TokenRecord(KEY, "a", "r", T0, T0, null, 0))
        .withMessage("accountDomain == null");
  }

  @Test
  void accountDomainIsNormalized() {
    TokenRecord r = new TokenRecord(KEY, "a", "r", T0, T0, " API-B.AmoCRM.ru ", 0);
    assertThat(r.accountDomain()).isEqualTo("api-b.amocrm.ru");
  }

  @Test
  void withVersionAndSameTokens() {
    TokenRecord r = record("a", "r", T0, 1);
    TokenRecord v9 = r.withVersion(9);
    assertThat(v9.version()).isEqualTo(9);
    assertThat(v9).isNotEqualTo(r);
    assertThat(v9.sameTokens(r)).isTrue();
    assertThat(r.sameTokens(null)).isFalse();
    assertThat(r.sameTokens(record("a", "other", T0, 1))).isFalse();
    assertThat(r.sameTokens(record("other", "r", T0, 1))).isFalse();
    TokenRecord longLived = new TokenRecord(KEY, "a", null, T0, T0, "example.amocrm.ru", 1);
    assertThat(r.sameTokens(longLived)).isFalse();
    assertThat(longLived.sameTokens(longLived.withVersion(2))).isTrue();
  }

  @Test
  void recencyOrdersByIssuedAtBeforeVersion() {
    TokenRecord oldHighVersion = record("old", "r1", T0, 100);
    TokenRecord newLowVersion = record("new", "r2", T0.plusNanos(1), 1);
    assertThat(TokenRecord.RECENCY.compare(newLowVersion, oldHighVersion)).isPositive();
    assertThat(TokenRecord.RECENCY.compare(oldHighVersion, newLowVersion)).isNegative();

    TokenRecord sameTimeV1 = record("x", "r", T0, 1);
    TokenRecord sameTimeV2 = record("y", "r", T0, 2);
    assertThat(TokenRecord.RECENCY.compare(sameTimeV2, sameTimeV1)).isPositive();
    assertThat(TokenRecord.RECENCY.compare(sameTimeV1, sameTimeV1.withVersion(1))).isZero();

    List<TokenRecord> list = new ArrayList<>(List.of(newLowVersion, sameTimeV2, oldHighVersion,
        sameTimeV1));
    list.sort(TokenRecord.RECENCY);
    assertThat(list).containsExactly(sameTimeV1, sameTimeV2, oldHighVersion, newLowVersion);
  }

  @Property(tries = 300)
  void recencyAgreesWithIssuedAtThenVersion(
      @ForAll("instants") Instant i1, @ForAll("versions") long v1,
      @ForAll("instants") Instant i2, @ForAll("versions") long v2) {
    int c = TokenRecord.RECENCY.compare(record("a", "r", i1, v1), record("b", "r", i2, v2));
    int expected = i1.equals(i2) ? Long.compare(v1, v2) : i1.compareTo(i2);
    assertThat(Integer.signum(c)).isEqualTo(Integer.signum(expected));
  }

  @Provide
  Arbitrary<String> tokens() {
    return Generators.token();
  }

  @Provide
  Arbitrary<String> longTokens() {
    return Generators.token().filter(s -> s.length() >= 8);
  }

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.oneOf(Generators.instant(),
        Arbitraries.of(T0, T0.plusNanos(1), T0.minusNanos(1)));
  }

  @Provide
  Arbitrary<Long> versions() {
    return Arbitraries.longs().between(0, Long.MAX_VALUE);
  }
}
