package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.auth.OAuthException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each hint amoCRM's token endpoint sends, to the reason a caller acts on. */
class OAuthReasonsTest {

  @ParameterizedTest(name = "{0} (refreshing: {1}) -> {2}")
  @CsvSource(delimiter = '|', value = {
      "Token has been revoked                        | true  | REFRESH_TOKEN_REFUSED",
      "Token has been revoked                        | false | REFRESH_TOKEN_REFUSED",
      "Invalid refresh token                         | true  | REFRESH_TOKEN_REFUSED",
      "Token has expired                             | true  | REFRESH_TOKEN_REFUSED",
      "Cannot decrypt the refresh token              | true  | REFRESH_TOKEN_REFUSED",
      "Refresh token is not linked to client         | true  | REFRESH_TOKEN_REFUSED",
      "Authorization code has expired                | false | AUTHORIZATION_CODE_REFUSED",
      "Authorization code has been revoked           | false | AUTHORIZATION_CODE_REFUSED",
      "Cannot decrypt the authorization code         | false | AUTHORIZATION_CODE_REFUSED",
      "AUTHORIZATION CODE HAS EXPIRED                | false | AUTHORIZATION_CODE_REFUSED",
      "Check the `client_id` parameter               | false | INVALID_CLIENT",
      "Check the `client_secret` parameter           | true  | INVALID_CLIENT",
      "Redirect URI is not associated with client    | false | REDIRECT_URI_MISMATCH",
      "Invalid account                               | false | OTHER",
      "Token has expired                             | false | OTHER",
      "''                                            | false | OTHER",
  })
  void eachHintHasItsReason(String hint, boolean refreshing, Reason expected) {
    assertThat(TokenEndpoint.reason(hint.isEmpty() ? null : hint, null, refreshing))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"true", "false"})
  void theInvalidClientTitleNeedsNoHint(boolean refreshing) {
    assertThat(TokenEndpoint.reason(null, "Некорректный клиент", refreshing))
        .isEqualTo(Reason.INVALID_CLIENT);
    assertThat(TokenEndpoint.reason(null, "Bad Request", refreshing)).isEqualTo(Reason.OTHER);
  }
}
