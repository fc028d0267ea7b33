package io.github.farolero.amocrm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.support.Jwts;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtTest {

  @Test
  void readsExpIatAndApiDomain() {
    Jwt jwt = Jwt.parse(Jwts.withPayload(
        "{\"iat\":1700000000,\"exp\":1700086400,\"api_domain\":\"api-b.amocrm.ru\",\"sub\":\"7\"}"));
    assertThat(jwt.issuedAt()).contains(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(jwt.expiresAt()).contains(Instant.ofEpochSecond(1_700_086_400L));
    assertThat(jwt.apiDomain()).contains("api-b.amocrm.ru");
    assertThat(jwt.toString()).contains("exp").doesNotContain("1700086400")
        .doesNotContain("api-b");
  }

  @Test
  void absentOrWrongTypedClaimsAreEmpty() {
    Jwt jwt = Jwt.parse(Jwts.withPayload(
        "{\"iat\":\"yesterday\",\"exp\":1e300,\"api_domain\":\" \",\"nbf\":null}"));
    assertThat(jwt.issuedAt()).isEmpty();
    assertThat(jwt.expiresAt()).isEmpty();
    assertThat(jwt.apiDomain()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-jwt", "a.b", "a.%%%.c", "a.bm90IGpzb24.c", "a.bnVsbA.c"})
  void aTokenThatIsNotAJwtIsRefusedWithoutEchoingIt(String token) {
    assertThatThrownBy(() -> Jwt.parse(token)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JWT").hasMessageNotContaining(token);
  }
}
