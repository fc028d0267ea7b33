package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.error.InvalidResponseException;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad answers from the token endpoint give typed, clear errors and leave stored tokens alone. */
class BadTokenResponseTest {

  static Stream<Arguments> badAnswers() {
    String ok = "\"token_type\":\"Bearer\",\"access_token\":\"a.b.c\",\"refresh_token\":\"r\"";
    return Stream.of(
        Arguments.of(200, "application/json", "{\"access_token\":", InvalidResponseException.class, "not a JSON object"),
        Arguments.of(200, "application/json", "", InvalidResponseException.class, "empty body"),
        Arguments.of(200, "text/html", "<!DOCTYPE html><html><body>Hi</body></html>", InvalidResponseException.class, "HTML"),
        Arguments.of(200, "application/json", "null", InvalidResponseException.class, "null"),
        Arguments.of(200, "application/json", "[1,2]", InvalidResponseException.class, "not a JSON object"),
        Arguments.of(200, "application/json", "{\"token_type\":\"Bearer\",\"refresh_token\":\"r\",\"expires_in\":86400}", InvalidResponseException.class, "no access_token"),
        Arguments.of(200, "application/json", "{\"token_type\":\"Bearer\",\"access_token\":\"a.b.c\",\"expires_in\":86400}", InvalidResponseException.class, "no refresh_token"),
        Arguments.of(200, "application/json", "{" + ok + "}", InvalidResponseException.class, "no expires_in"),
        Arguments.of(200, "application/json", "{" + ok + ",\"expires_in\":-5}", InvalidResponseException.class, "positive"),
        Arguments.of(200, "application/json", "{" + ok + ",\"expires_in\":0}", InvalidResponseException.class, "positive"),
        Arguments.of(200, "application/json", "{" + ok + ",\"expires_in\":99999999999}", InvalidResponseException.class, "absurd"),
        Arguments.of(200, "application/json", "{" + ok + ",\"expires_in\":\"soon\"}", InvalidResponseException.class, "not a number"),
        Arguments.of(200, "application/json", "{\"token_type\":\"MAC\",\"access_token\":\"a.b.c\",\"refresh_token\":\"r\",\"expires_in\":86400}", InvalidResponseException.class, "Bearer"),
        Arguments.of(200, "application/json", "{\"token_type\":\"Bearer\",\"access_token\":7,\"refresh_token\":\"r\",\"expires_in\":86400}", InvalidResponseException.class, "not a string"),
        Arguments.of(500, "text/html", "<html><body>Internal error</body></html>", OAuthException.class, "HTML page"),
        Arguments.of(502, null, "", OAuthException.class, "empty body"));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("badAnswers")
  void badAnswerGivesATypedClearErrorAndLeavesTheStoreAlone(int status, String contentType,
      String body, Class<? extends AmoCrmException> expected, String messagePart) {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient client = f.client(store);
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      TokenRecord before = store.load(f.amo.grantKey()).orElseThrow();

      f.amo.enqueueTokenEndpointResponse(status, contentType, body);
      assertThatThrownBy(() -> client.tokens().refresh())
          .isExactlyInstanceOf(expected)
          .hasMessageContaining(messagePart)
          .hasMessageNotContaining(before.refreshToken())
          .hasMessageNotContaining(f.amo.clientSecret());

      assertThat(store.load(f.amo.grantKey())).contains(before);
      assertThat(f.amo.isRefreshTokenLive(before.refreshToken())).isTrue();
      // The grant is not marked dead: the next refresh works.
      assertThat(client.tokens().needsReauthorization()).isFalse();
      client.tokens().refresh();
      assertThat(store.load(f.amo.grantKey()).orElseThrow().version())
          .isEqualTo(before.version() + 1);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badAnswers")
  void badAnswerToACodeExchangeStoresNothing(int status, String contentType, String body,
      Class<? extends AmoCrmException> expected, String messagePart) {
    try (Fixture f = new Fixture()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient client = f.client(store);
      f.amo.enqueueTokenEndpointResponse(status, contentType, body);
      assertThatThrownBy(() -> client.tokens().authorize("some-code"))
          .isExactlyInstanceOf(expected)
          .hasMessageContaining(messagePart);
      assertThat(store.keys()).isEmpty();
    }
  }
}
