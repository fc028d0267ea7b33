package io.github.farolero.amocrm.auth;

import java.util.Objects;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Builds the URL that sends a user to amoCRM to allow the integration access.
 *
 * <pre>{@code
 * HttpUrl url = AuthorizationUrl.builder()
 *     .clientId("f3c1...")
 *     .state(csrfToken)
 *     .mode(AuthorizationUrl.Mode.POST_MESSAGE)
 *     .build();
 * }</pre>
 */
public final class AuthorizationUrl {

  /** How amoCRM returns the result to the page. */
  public enum Mode {
    /** The popup posts a message to its opener window. */
    POST_MESSAGE("post_message"),
    /** The popup redirects itself to the redirect URI. */
    POPUP("popup");

    private final String value;

    Mode(String value) {
      this.value = value;
    }

    /** Returns the query parameter value. */
    public String value() {
      return value;
    }
  }

  /** Which amoCRM the user's account is on. */
  public enum Platform {
    /** amocrm.ru. */
    AMOCRM_RU("www.amocrm.ru"),
    /** amocrm.com. */
    AMOCRM_COM("www.amocrm.com"),
    /** kommo.com (amoCRM's international brand). */
    KOMMO("www.kommo.com");

    private final String host;

    Platform(String host) {
      this.host = host;
    }

    /** Returns the host of the authorization page. */
    public String host() {
      return host;
    }
  }

  private AuthorizationUrl() {}

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an authorization URL. Not thread-safe. */
  public static final class Builder {
    private @Nullable String clientId;
    private @Nullable String state;
    private Mode mode = Mode.POST_MESSAGE;
    private Platform platform = Platform.AMOCRM_RU;

    private Builder() {}

    /**
     * Sets the integration's client id. Required.
     *
     * @param clientId the id
     * @return this builder
     */
    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId, "clientId == null");
      if (clientId.isBlank()) {
        throw new IllegalArgumentException("clientId is blank");
      }
      return this;
    }

    /**
     * Sets the state echoed back to the redirect: a random value to check against CSRF.
     * Required.
     *
     * @param state the state
     * @return this builder
     */
    public Builder state(String state) {
      this.state = Objects.requireNonNull(state, "state == null");
      if (state.isBlank()) {
        throw new IllegalArgumentException("state is blank");
      }
      return this;
    }

    /**
     * Sets the mode. Default {@link Mode#POST_MESSAGE}.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode == null");
      return this;
    }

    /**
     * Sets the platform. Default {@link Platform#AMOCRM_RU}.
     *
     * @param platform the platform
     * @return this builder
     */
    public Builder platform(Platform platform) {
      this.platform = Objects.requireNonNull(platform, "platform == null");
      return this;
    }

    /**
     * Builds the URL.
     *
     * @return the URL
     * @throws IllegalStateException if the client id or state is missing
     */
    public HttpUrl build() {
      if (clientId == null) {
        throw new IllegalStateException("clientId is required");
      }
      if (state == null) {
        throw new IllegalStateException("state is required");
      }
      return new HttpUrl.Builder()
          .scheme("https")
          .host(platform.host())
          .addPathSegment("oauth")
          .addQueryParameter("client_id", clientId)
          .addQueryParameter("state", state)
          .addQueryParameter("mode", mode.value())
          .build();
    }
  }
}
