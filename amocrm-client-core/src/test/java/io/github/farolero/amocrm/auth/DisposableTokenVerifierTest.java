package io.github.farolero.amocrm.auth;

import static io.github.farolero.amocrm.auth.DisposableTokens.HS256;
import static io.github.farolero.amocrm.auth.DisposableTokens.claims;
import static io.github.farolero.amocrm.auth.DisposableTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.auth.DisposableTokenException.Check;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DisposableTokenVerifierTest {

  private static final String CLIENT = "a1b2c3d4-0000-4000-8000-00000000abcd";
  private static final String SECRET = "integration-secret-Zx81";
  private static final long T = 1_700_000_000L;
  private static final DisposableTokenVerifier VERIFIER = DisposableTokenVerifier
      .forIntegration(CLIENT, SECRET)
      .clock(Clock.fixed(Instant.ofEpochSecond(T + 10), ZoneOffset.UTC));

  private static String token(long iat, long nbf, long exp) {
    return sign(HS256, claims(iat, nbf, exp, CLIENT), SECRET);
  }

  private static void fails(DisposableTokenVerifier v, String token, Check check) {
    assertThatThrownBy(() -> v.verify(token))
        .isInstanceOfSatisfying(DisposableTokenException.class,
            e -> assertThat(e.check()).isEqualTo(check))
        .hasMessageNotContaining(SECRET)
        .satisfies(e -> assertThat(token).doesNotContain(e.getMessage()));
  }

  @Test
  void aGoodTokenGivesItsClaims() {
    DisposableToken t = VERIFIER.audience("https://app.example.com/").account(31_000_000)
        .verify(token(T, T, T + 1800));
    assertThat(t.issuer()).isEqualTo("https://example.amocrm.ru");
    assertThat(t.audience()).isEqualTo("https://app.example.com");
    assertThat(t.id()).isEqualTo("0b7a3a1e-7c1e-4f3a-9a51-0e7c2f7b1a11");
    assertThat(t.issuedAt()).isEqualTo(Instant.ofEpochSecond(T));
    assertThat(t.notBefore()).isEqualTo(Instant.ofEpochSecond(T));
    assertThat(t.expiresAt()).isEqualTo(Instant.ofEpochSecond(T + 1800));
    assertThat(t.accountId()).isEqualTo(31_000_000);
    assertThat(t.subdomain()).isEqualTo("example");
    assertThat(t.clientUuid()).isEqualTo(CLIENT);
    assertThat(t.userId()).isEqualTo(8_574_774);
    assertThat(t.admin()).isTrue();
  }

  @Test
  void timesAreCheckedWithTheLeeway() {
    // expired 20 s ago: within the default 30 s skew
    assertThat(VERIFIER.verify(token(T - 1000, T - 1000, T - 10)).userId()).isPositive();
    fails(VERIFIER, token(T - 1000, T - 1000, T - 40), Check.EXPIRED);
    fails(VERIFIER.leeway(Duration.ZERO), token(T - 1000, T - 1000, T - 10), Check.EXPIRED);
    fails(VERIFIER, token(T + 100, T + 100, T + 1000), Check.NOT_YET_VALID);
    assertThat(VERIFIER.verify(token(T + 30, T + 30, T + 1000)).userId()).isPositive();
    assertThatThrownBy(() -> VERIFIER.leeway(Duration.ofMinutes(6)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anotherSecretClientAudienceOrAccountFails() {
    fails(VERIFIER, sign(HS256, claims(T, T, T + 60, CLIENT), "other-secret"), Check.SIGNATURE);
    fails(VERIFIER, sign(HS256, claims(T, T, T + 60, "other-client"), SECRET), Check.CLIENT);
    fails(VERIFIER.audience("https://evil.example.com"), token(T, T, T + 60), Check.AUDIENCE);
    fails(VERIFIER.account(42), token(T, T, T + 60), Check.ACCOUNT);
  }

  @Test
  void onlyHs256() {
    fails(VERIFIER, sign("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", claims(T, T, T + 60, CLIENT),
        SECRET), Check.ALGORITHM);
    fails(VERIFIER, sign("{\"alg\":\"none\"}", claims(T, T, T + 60, CLIENT), SECRET),
        Check.ALGORITHM);
    // "none" with an empty signature, as an attacker would send it
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String unsigned = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString(claims(T, T, T + 60, CLIENT).getBytes(StandardCharsets.UTF_8))
        + ".";
    fails(VERIFIER, unsigned, Check.SIGNATURE);
  }

  @Test
  void malformedTokensAndClaims() {
    fails(VERIFIER, "not-a-jwt", Check.MALFORMED);
    fails(VERIFIER, "a.b", Check.SIGNATURE); // a signature that cannot match
    fails(VERIFIER, sign(HS256, "[1,2]", SECRET), Check.MALFORMED);
    fails(VERIFIER, sign(HS256, "{\"client_uuid\":\"" + CLIENT + "\"}", SECRET),
        Check.MALFORMED); // no exp
    fails(VERIFIER, sign(HS256, claims(T, T, T + 60, CLIENT).replace("\"user_id\":8574774",
        "\"user_id\":\"x\""), SECRET), Check.MALFORMED);
  }

  @Test
  void theSecretNeverShows() {
    assertThat(VERIFIER.toString()).contains(CLIENT).doesNotContain(SECRET);
    assertThatThrownBy(() -> DisposableTokenVerifier.forIntegration(CLIENT, " "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
