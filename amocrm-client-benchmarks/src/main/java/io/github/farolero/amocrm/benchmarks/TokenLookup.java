package io.github.farolero.amocrm.benchmarks;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.internal.TokenManager;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import java.time.Duration;
import java.time.Instant;

/**
 * Figure 2: the token choice the wire-side interceptor makes on every request, {@link
 * TokenManager#tokenForRequest()}, on the manager of an ordinary OAuth client whose store holds a
 * valid pair (fresh: far from both refresh windows); beside it, reading a {@code volatile} field.
 *
 * <p>{@link TokenManager} is in core's {@code internal} package: usable from this unpublished
 * module (as the tests module uses it), never from a published one. It is the manager the client
 * itself uses ({@code client.tokens()}), not one wired apart.
 */
final class TokenLookup {

  private final TokenManager manager;
  private volatile TokenRecord field;

  TokenLookup() {
    GrantKey key = GrantKey.of(Bench.DOMAIN);
    Instant now = Instant.now();
    TokenRecord record = new TokenRecord(key, "access-" + "a".repeat(700),
        "def50200" + "r".repeat(600), now.plus(Duration.ofHours(24)), now, Bench.DOMAIN, 1);
    InMemoryTokenStore store = new InMemoryTokenStore();
    store.write(record);
    AmoCrmClient client = AmoCrmClient.builder()
        .accountDomain(Bench.DOMAIN)
        .baseUrl("http://127.0.0.1:9/") // never called: the pair is fresh
        .clientId(Bench.clientId())
        .clientSecret("benchmark-client-secret")
        .redirectUri("https://app.example.test/amocrm/callback")
        .tokenStore(store)
        .rateLimit(Bench.UNLIMITED)
        .build();
    if (!(client.tokens() instanceof TokenManager m)) {
      throw new IllegalStateException("client.tokens() is no longer core's TokenManager: "
          + client.tokens().getClass().getName() + "; update this benchmark");
    }
    this.manager = m;
    this.field = record;
    if (!manager.tokenForRequest().sameTokens(record)) {
      throw new IllegalStateException("the manager did not serve the stored pair");
    }
  }

  /** The library: the interceptor's token choice. */
  TokenRecord library() {
    return manager.tokenForRequest();
  }

  /** The baseline: a volatile read. */
  TokenRecord baseline() {
    return field;
  }
}
