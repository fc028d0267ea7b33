package io.github.farolero.amocrm.store.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.store.TokenRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed's issue time: the token's JWT {@code iat} when plausible, else {@link Instant#EPOCH}
 * ("unknown"), so the keep-alive rule does not refresh a fresh seed on every start.
 */
class EnvSeedTest {

  private static final Instant NOW = Instant.parse("2026-03-05T06:00:00Z");
  private static final long EXP = NOW.plus(Duration.ofHours(20)).getEpochSecond();

  /** An unsigned JWT with the given claims (JSON members, without braces). */
  private static String jwt(String claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString(("{" + claims + "}").getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString(new byte[32]);
  }

  private static String jwtIssuedAt(String iat) {
    return jwt("\"iat\":" + iat + ",\"exp\":" + EXP + ",\"api_domain\":\"example.amocrm.ru\"");
  }

  private static TokenRecord pair(String accessToken) {
    Map<String, String> env = new HashMap<>();
    env.put("AMOCRM_DOMAIN", "example.amocrm.ru");
    env.put("AMOCRM_ACCESS_TOKEN", accessToken);
    env.put("AMOCRM_REFRESH_TOKEN", "def50200-refresh");
    return EnvSeed.read(env, "AMOCRM_", NOW);
  }

  @Test
  void theIssueTimeIsTheAccessTokensIat() {
    Instant twoDaysAgo = NOW.minus(Duration.ofDays(2));
    TokenRecord r = pair(jwtIssuedAt(Long.toString(twoDaysAgo.getEpochSecond())));
    assertThat(r.issuedAt()).isEqualTo(twoDaysAgo);
    assertThat(r.expiresAt()).isEqualTo(Instant.ofEpochSecond(EXP));
    assertThat(r.version()).isZero();
  }

  @Test
  void theIssueTimeOfALongLivedTokenIsItsIat() {
    Instant monthAgo = NOW.minus(Duration.ofDays(31));
    Map<String, String> env = Map.of("AMOCRM_DOMAIN", "private.kommo.com",
        "AMOCRM_LONG_LIVED_TOKEN", jwtIssuedAt(Long.toString(monthAgo.getEpochSecond())));
    TokenRecord r = EnvSeed.read(env, "AMOCRM_", NOW);
    assertThat(r.isLongLived()).isTrue();
    assertThat(r.issuedAt()).isEqualTo(monthAgo);
  }

  @Test
  void withoutAnIatTheIssueTimeIsUnknown() {
    assertThat(pair(jwt("\"exp\":" + EXP)).issuedAt()).isEqualTo(Instant.EPOCH);
    assertThat(pair(jwtIssuedAt("null")).issuedAt()).isEqualTo(Instant.EPOCH);
    assertThat(pair(jwtIssuedAt("\"1772690400\"")).issuedAt()).isEqualTo(Instant.EPOCH);
    // Not a JWT at all: the expiry comes from its variable, the issue time is unknown.
    Map<String, String> env = Map.of("AMOCRM_DOMAIN", "example.amocrm.ru",
        "AMOCRM_ACCESS_TOKEN", "opaque-access", "AMOCRM_REFRESH_TOKEN", "opaque-refresh",
        "AMOCRM_TOKEN_EXPIRES_AT", Long.toString(EXP));
    assertThat(EnvSeed.read(env, "AMOCRM_", NOW).issuedAt()).isEqualTo(Instant.EPOCH);
  }

  /**
   * Before 2010 (no amoCRM token is that old), or more than 5 minutes ahead of the clock: not
   * believed.
   */
  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "1", "1262303999", "1000000000",
      "1772690701", // NOW + 5 min + 1 s
      "32503680000", // the year 3000
      "1.0E17", "9223372036854775807"})
  void anAbsurdIatMeansUnknown(String iat) {
    assertThat(pair(jwtIssuedAt(iat)).issuedAt()).as(iat).isEqualTo(Instant.EPOCH);
  }

  /**
   * amoCRM's clock may run a little ahead of this host's; such an iat counts as now, so the seed
   * never ranks newer than a pair this process refreshes after reading it.
   */
  @Test
  void anIatALittleAheadCountsAsNow() {
    assertThat(pair(jwtIssuedAt(Long.toString(NOW.getEpochSecond() + 1))).issuedAt())
        .isEqualTo(NOW);
    assertThat(pair(jwtIssuedAt(Long.toString(NOW.getEpochSecond() + 300))).issuedAt())
        .isEqualTo(NOW);
    assertThat(pair(jwtIssuedAt(Long.toString(NOW.getEpochSecond()))).issuedAt())
        .isEqualTo(NOW);
    assertThat(pair(jwtIssuedAt("1262304000")).issuedAt())
        .isEqualTo(Instant.parse("2010-01-01T00:00:00Z"));
  }
}
