package io.github.farolero.amocrm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.auth.AuthorizationUrl.Mode;
import io.github.farolero.amocrm.auth.AuthorizationUrl.Platform;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AuthorizationUrlTest {

  @Test
  void defaultsToAmoCrmRuAndPostMessage() {
    HttpUrl url = AuthorizationUrl.builder().clientId("f3c1-client").state("csrf-123").build();
    assertThat(url.scheme()).isEqualTo("https");
    assertThat(url.host()).isEqualTo("www.amocrm.ru");
    assertThat(url.encodedPath()).isEqualTo("/oauth");
    assertThat(url.queryParameter("client_id")).isEqualTo("f3c1-client");
    assertThat(url.queryParameter("state")).isEqualTo("csrf-123");
    assertThat(url.queryParameter("mode")).isEqualTo("post_message");
    assertThat(url.querySize()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void eachPlatformHasItsHost(Platform platform) {
    HttpUrl url = AuthorizationUrl.builder().clientId("c").state("s").platform(platform).build();
    assertThat(url.host()).isEqualTo(platform.host());
    assertThat(url.toString()).startsWith("https://" + platform.host() + "/oauth?");
  }

  @Test
  void platformHosts() {
    assertThat(Platform.AMOCRM_RU.host()).isEqualTo("www.amocrm.ru");
    assertThat(Platform.AMOCRM_COM.host()).isEqualTo("www.amocrm.com");
    assertThat(Platform.KOMMO.host()).isEqualTo("www.kommo.com");
  }

  @Test
  void popupMode() {
    HttpUrl url = AuthorizationUrl.builder().clientId("c").state("s").mode(Mode.POPUP).build();
    assertThat(url.queryParameter("mode")).isEqualTo("popup");
  }

  @Test
  void stateWithReservedCharactersSurvivesEncoding() {
    String state = "a b&c=d/é?#+%";
    HttpUrl url = AuthorizationUrl.builder().clientId("c").state(state).build();
    assertThat(url.queryParameter("state")).isEqualTo(state);
    assertThat(HttpUrl.get(url.toString()).queryParameter("state")).isEqualTo(state);
    assertThat(url.queryParameterNames()).containsExactlyInAnyOrder("client_id", "state", "mode");
  }

  @Test
  void clientIdAndStateAreRequired() {
    assertThatThrownBy(() -> AuthorizationUrl.builder().state("s").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("clientId");
    assertThatThrownBy(() -> AuthorizationUrl.builder().clientId("c").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("state");
  }

  @Test
  void nullsAreRefusedByName() {
    assertThatNullPointerException().isThrownBy(() -> AuthorizationUrl.builder().clientId(null))
        .withMessage("clientId == null");
    assertThatNullPointerException().isThrownBy(() -> AuthorizationUrl.builder().state(null))
        .withMessage("state == null");
    assertThatNullPointerException().isThrownBy(() -> AuthorizationUrl.builder().mode(null))
        .withMessage("mode == null");
    assertThatNullPointerException().isThrownBy(() -> AuthorizationUrl.builder().platform(null))
        .withMessage("platform == null");
  }

  @Test
  void blankClientIdOrStateIsRefused() {
    assertThatThrownBy(() -> AuthorizationUrl.builder().clientId(" ").state("s").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthorizationUrl.builder().clientId("c").state("").build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
