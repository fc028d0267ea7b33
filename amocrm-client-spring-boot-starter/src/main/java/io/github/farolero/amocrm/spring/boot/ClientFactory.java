package io.github.farolero.amocrm.spring.boot;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.RequestListener;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenStore;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Builds clients from the {@code amocrm.*} properties over one store and one HTTP client: the
 * single account's client bean, and the clients the keep-alive scheduler refreshes other grants
 * through.
 */
final class ClientFactory {

  private final AmoCrmProperties props;
  private final TokenStore store;
  private final TokenListener listener;
  private final RequestListener requests;
  private final @Nullable RateBudget budget;
  private final OkHttpClient http = new OkHttpClient();

  /** {@code budget}: the application's {@link RateBudget} bean, if it has one. */
  ClientFactory(AmoCrmProperties props, TokenStore store, TokenListener listener,
      RequestListener requests, @Nullable RateBudget budget) {
    this.budget = budget;
    this.requests = Objects.requireNonNull(requests, "requests == null");
    this.props = Objects.requireNonNull(props, "props == null");
    this.store = Objects.requireNonNull(store, "store == null");
    this.listener = Objects.requireNonNull(listener, "listener == null");
  }

  static RateLimit rateLimit(AmoCrmProperties props) {
    return RateLimit.perSecond(props.rateLimit().requestsPerSecond())
        .withMaxWait(props.rateLimit().maxWait());
  }

  static RefreshPolicy refreshPolicy(AmoCrmProperties props) {
    return RefreshPolicy.builder()
        .advisoryWindow(props.refresh().advisoryWindow())
        .mandatoryWindow(props.refresh().mandatoryWindow())
        .keepAliveAge(props.refresh().keepAliveAge())
        .build();
  }

  /** A client of one grant. */
  AmoCrmClient client(GrantKey key) {
    return template().accountDomain(key.domain()).grantKey(key).build();
  }

  /** The integration's settings, every account's: all but the account. */
  AmoCrmClient.Builder template() {
    AmoCrmClient.Builder b = AmoCrmClient.builder()
        .clientId(required(props.clientId(), "client-id"))
        .clientSecret(required(props.clientSecret(), "client-secret"))
        .redirectUri(required(props.redirectUri(), "redirect-uri"))
        .tokenStore(store)
        .okHttpClient(http)
        .tokenListener(listener)
        .requestListener(requests)
        .rateLimit(rateLimit(props))
        .refreshPolicy(refreshPolicy(props));
    if (props.baseUrl() != null) {
      b.baseUrl(props.baseUrl());
    }
    if (budget != null) {
      b.rateBudget(budget); // every process of the integration counted together
    }
    return b;
  }

  private static String required(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("amocrm." + name + " is required");
    }
    return value;
  }

  /** Lets the HTTP client's threads and connections go. */
  void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
