package io.github.farolero.amocrm.spring.boot;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.AmoCrmClients;
import io.github.farolero.amocrm.auth.AuthorizationCallback;
import io.github.farolero.amocrm.auth.AuthorizationUrl;
import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.GrantKey;
import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The OAuth endpoints: {@code authorize-path} sends the user to amoCRM's consent page with a
 * signed state; {@code path} (the redirect URI) checks the state, exchanges the code for tokens
 * and saves them in the store. The code is never logged nor echoed.
 */
final class CallbackRoutes {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.spring");

  private final AmoCrmProperties props;
  private final OAuthStates states;
  private final ClientFactory clients;
  private final Supplier<@Nullable AmoCrmClient> single;
  private final Supplier<@Nullable AmoCrmClients> registry;

  CallbackRoutes(AmoCrmProperties props, OAuthStates states, ClientFactory clients,
      Supplier<@Nullable AmoCrmClient> single, Supplier<@Nullable AmoCrmClients> registry) {
    this.registry = Objects.requireNonNull(registry, "registry == null");
    this.props = Objects.requireNonNull(props, "props == null");
    this.states = Objects.requireNonNull(states, "states == null");
    this.clients = Objects.requireNonNull(clients, "clients == null");
    this.single = Objects.requireNonNull(single, "single == null");
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET(props.callback().authorizePath(), this::authorize)
        .GET(props.callback().path(), this::callback)
        .build();
  }

  ServerResponse authorize(ServerRequest request) {
    String clientId = Objects.requireNonNull(props.clientId(), "amocrm.client-id is required");
    HttpUrl url = AuthorizationUrl.builder().clientId(clientId).state(states.issue()).build();
    return ServerResponse.status(HttpStatus.FOUND).location(URI.create(url.toString())).build();
  }

  ServerResponse callback(ServerRequest request) {
    AuthorizationCallback callback;
    try {
      callback = AuthorizationCallback.parse(HttpUrl.get(request.uri().toString()));
    } catch (IllegalArgumentException e) {
      return text(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    if (!states.verify(callback.state())) {
      log.warn("amoCRM OAuth callback for {} refused: its state is missing, forged or expired",
          callback.referer());
      return text(HttpStatus.BAD_REQUEST,
          "the state does not match (possible CSRF, or the link expired): start again");
    }
    GrantKey key;
    try {
      key = GrantKey.of(callback.referer());
    } catch (IllegalArgumentException e) {
      return text(HttpStatus.BAD_REQUEST, "the referer is not an account domain");
    }
    AmoCrmClient client = single.get();
    if (client != null && !client.accountDomain().equals(key.domain())) {
      return text(HttpStatus.BAD_REQUEST, "this app serves " + client.accountDomain()
          + ", not " + key.domain());
    }
    if (client == null && !props.multiAccount()) {
      return text(HttpStatus.NOT_FOUND, "no amoCRM account is configured"
          + " (set amocrm.account-domain or amocrm.multi-account=true)");
    }
    AmoCrmClients many = registry.get();
    try {
      if (client != null) {
        client.tokens().authorize(callback);
      } else if (many != null) {
        many.authorize(callback); // served at once: the registry's client of the new account
      } else {
        clients.client(key).tokens().authorize(callback);
      }
    } catch (OAuthException e) {
      log.warn("amoCRM refused the authorization code for {}: {}", key, e.reason());
      return text(HttpStatus.BAD_REQUEST, "amoCRM refused the authorization: " + e.reason());
    } catch (AmoCrmException e) {
      log.warn("authorization of {} failed: {}", key, e.getMessage());
      return text(HttpStatus.SERVICE_UNAVAILABLE, "the authorization could not be completed");
    }
    log.info("amoCRM account {} authorized", key);
    return text(HttpStatus.OK, "authorized " + key.domain());
  }

  private static ServerResponse text(HttpStatus status, @Nullable String body) {
    return ServerResponse.status(status).contentType(MediaType.TEXT_PLAIN)
        .body(body == null ? status.getReasonPhrase() : body);
  }
}
