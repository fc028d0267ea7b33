package io.github.farolero.amocrm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class AuthorizationCallbackTest {

  private static final String CODE = "def502000a1b2c3d4e5f60718293a4b5c6d7e8f9";

  @Test
  void parsesEveryParameter() {
    AuthorizationCallback cb = AuthorizationCallback.parse(HttpUrl.get(
        "https://app.example.com/cb?code=" + CODE
            + "&referer=example.amocrm.ru&state=xyz%20123&from_widget=1"));
    assertThat(cb.code()).isEqualTo(CODE);
    assertThat(cb.referer()).isEqualTo("example.amocrm.ru");
    assertThat(cb.state()).isEqualTo("xyz 123");
    assertThat(cb.fromWidget()).isTrue();
  }

  @Test
  void stateAndFromWidgetAreOptional() {
    AuthorizationCallback cb = AuthorizationCallback.parse(HttpUrl.get(
        "https://app.example.com/cb?code=" + CODE + "&referer=example.kommo.com"));
    assertThat(cb.state()).isNull();
    assertThat(cb.fromWidget()).isFalse();
    assertThat(AuthorizationCallback.parse(HttpUrl.get(
        "https://app.example.com/cb?code=c&referer=x.amocrm.ru&from_widget=0")).fromWidget())
        .isFalse();
  }

  @Test
  void missingCodeWithAnErrorSaysTheUserMayHaveDenied() {
    assertThatThrownBy(() -> AuthorizationCallback.parse(HttpUrl.get(
        "https://app.example.com/cb?error=access_denied&state=s&referer=example.amocrm.ru")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no code")
        .hasMessageContaining("access_denied")
        .hasMessageContaining("denied access");
  }

  @Test
  void missingOrBlankCodeOrRefererIsRefused() {
    assertThatThrownBy(() -> AuthorizationCallback.parse(HttpUrl.get(
        "https://app.example.com/cb?referer=example.amocrm.ru")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no code")
        .hasMessageNotContaining("error=");
    assertThatThrownBy(() -> AuthorizationCallback.parse(HttpUrl.get(
        "https://app.example.com/cb?code=%20&referer=example.amocrm.ru")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no code");
    assertThatThrownBy(() -> AuthorizationCallback.parse(HttpUrl.get(
        "https://app.example.com/cb?code=" + CODE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("referer")
        .hasMessageNotContaining(CODE);
    assertThatNullPointerException().isThrownBy(() -> AuthorizationCallback.parse(null))
        .withMessage("redirect == null");
  }

  @Test
  void requireStateAcceptsTheSameStateAndRefusesAnother() {
    AuthorizationCallback cb = new AuthorizationCallback(CODE, "example.amocrm.ru", "s-1", false);
    cb.requireState("s-1");
    assertThatThrownBy(() -> cb.requireState("s-2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state")
        .hasMessageContaining("CSRF");
    AuthorizationCallback noState = new AuthorizationCallback(CODE, "example.amocrm.ru", null,
        false);
    assertThatThrownBy(() -> noState.requireState("s-1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requireStateNeverPassesWithoutAState() {
    AuthorizationCallback forged = AuthorizationCallback.parse(HttpUrl.get(
        "https://app.example.com/cb?code=" + CODE + "&referer=example.amocrm.ru"));
    String expectedFromALostSession = null;
    assertThatThrownBy(() -> forged.requireState(expectedFromALostSession))
        .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class);
  }

  @Test
  void errorParameterIsNotEchoedWithControlCharacters() {
    assertThatThrownBy(() -> AuthorizationCallback.parse(HttpUrl.get(
        "https://app.example.com/cb?error=x%0D%0AERROR%20forged%20log%20line&referer=a.amocrm.ru")))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r"));
  }

  @Test
  void toStringHidesTheCode() {
    AuthorizationCallback cb = new AuthorizationCallback(CODE, "example.amocrm.ru", "s", true);
    assertThat(cb.toString()).doesNotContain(CODE).contains("example.amocrm.ru")
        .contains("<hidden>");
  }

  @Test
  void constructorChecksItsParts() {
    assertThatThrownBy(() -> new AuthorizationCallback(" ", "example.amocrm.ru", null, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatNullPointerException()
        .isThrownBy(() -> new AuthorizationCallback(null, "example.amocrm.ru", null, false))
        .withMessage("code == null");
    assertThatNullPointerException()
        .isThrownBy(() -> new AuthorizationCallback(CODE, null, null, false))
        .withMessage("referer == null");
  }
}
