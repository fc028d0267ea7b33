package io.github.farolero.amocrm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.auth.DisposableTokenException.Check;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/** Any token signed with the secret verifies; any one-character change fails its signature. */
class DisposableTokenPropertyTest {

  private static final String CLIENT = "a1b2c3d4-0000-4000-8000-00000000abcd";
  private static final long T = 1_700_000_000L;

  private static DisposableTokenVerifier verifier(String secret) {
    return DisposableTokenVerifier.forIntegration(CLIENT, secret)
        .clock(Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC));
  }

  private static String token(String secret, long userId, long account, String subdomain,
      boolean admin) {
    String claims = "{\"iss\":\"https://" + subdomain + ".amocrm.ru\",\"aud\":\"https://a.b\","
        + "\"jti\":\"j\",\"iat\":" + (T - 5) + ",\"nbf\":" + (T - 5) + ",\"exp\":" + (T + 1800)
        + ",\"account_id\":" + account + ",\"subdomain\":\"" + subdomain + "\",\"client_uuid\":\""
        + CLIENT + "\",\"user_id\":" + userId + ",\"is_admin\":" + admin + "}";
    return DisposableTokens.sign(DisposableTokens.HS256, claims, secret);
  }

  @Provide
  Arbitrary<String> secrets() {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(64)
        .filter(s -> !s.isBlank());
  }

  @Property(tries = 200)
  void aSignedTokenVerifies(@ForAll("secrets") String secret,
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE / 2) long userId,
      @ForAll @LongRange(min = 1, max = 1_000_000_000) long account,
      @ForAll @AlphaChars @StringLength(min = 1, max = 20) String subdomain,
      @ForAll boolean admin) {
    DisposableToken t = verifier(secret).verify(token(secret, userId, account, subdomain, admin));
    assertThat(t.userId()).isEqualTo(userId);
    assertThat(t.accountId()).isEqualTo(account);
    assertThat(t.subdomain()).isEqualTo(subdomain);
    assertThat(t.admin()).isEqualTo(admin);
  }

  @Property(tries = 500)
  void anyOneCharacterChangeFailsTheSignature(@ForAll("secrets") String secret,
      @ForAll @LongRange(min = 1, max = 1_000_000) long userId,
      @ForAll @IntRange(min = 0, max = 10_000) int where,
      @ForAll @IntRange(min = 0x20, max = 0x7e) int replacement) {
    String good = token(secret, userId, 31_000_000, "example", false);
    int i = where % good.length();
    char c = (char) replacement;
    if (good.charAt(i) == c) {
      c = c == 'A' ? 'B' : 'A';
    }
    String bad = good.substring(0, i) + c + good.substring(i + 1);
    assertThatThrownBy(() -> verifier(secret).verify(bad))
        .isInstanceOfSatisfying(DisposableTokenException.class,
            e -> assertThat(e.check()).isEqualTo(Check.SIGNATURE));
  }
}
