package io.github.farolero.amocrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.farolero.amocrm.auth.AuthorizationCallback;
import io.github.farolero.amocrm.internal.RateLimiters;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.testkit.IssuedTokens;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * {@link AmoCrmClients}: many accounts served by a bounded set of clients over one connection
 * pool, nothing lost when a client is dropped, new accounts from the OAuth callback.
 *
 * <p>Setup: the mock plays one amoCRM; each of the test's accounts ({@code acct<n>.amocrm.ru})
 * has its own pair issued by the mock and stored under its own grant, and the template's base URL
 * sends every account's requests to the mock. So the mock checks each account's own tokens (one
 * account's dead token fails that account only), though it keeps one set of API data for all.
 * In this package (a split package in tests only) to count connection pools on each client.
 */
class AmoCrmClientsTest {

  private static final int ACCOUNTS = 1_000;
  private static final int CACHED = 100;

  private static AmoCrmClient.Builder template(MockAmoCrmServer amo, InMemoryTokenStore store,
      MutableClock clock) {
    return AmoCrmClient.builder()
        .baseUrl(amo.baseUrl())
        .clientId(amo.clientId())
        .clientSecret(amo.clientSecret())
        .redirectUri(amo.redirectUri())
        .tokenStore(store)
        .clock(clock)
        .rateLimit(RateLimit.perSecond(10_000));
  }

  private static String domain(int i) {
    return "acct" + i + ".amocrm.ru";
  }

  @Test
  void thousandAccountsAreServedByHundredClientsOverOnePoolAndLoseNothing() throws Exception {
    MutableClock clock = MutableClock.create();
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit().clock(clock).start()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      for (int i = 0; i < ACCOUNTS; i++) {
        IssuedTokens t = amo.issueTokens();
        store.write(new TokenRecord(GrantKey.of(domain(i)), t.accessToken(), t.refreshToken(),
            t.expiresAt(), t.issuedAt(), domain(i), 1));
      }
      int limitersBefore = limiters();
      try (AmoCrmClients clients = AmoCrmClients.builder(template(amo, store, clock))
          .maximumSize(CACHED).build()) {
        assertThat(clients.accounts()).hasSize(ACCOUNTS);
        Set<Object> pools = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Object> dispatchers = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<AmoCrmClient> seen = Collections.newSetFromMap(new IdentityHashMap<>());

        // Pass 1: every account's call succeeds on its stored pair.
        for (GrantKey key : clients.accounts()) {
          AmoCrmClient c = clients.client(key);
          assertThat(c.account().id()).isNotNull();
          seen.add(c);
          pools.add(c.httpClient().connectionPool());
          dispatchers.add(c.httpClient().dispatcher());
        }
        assertThat(clients.cachedClients()).isLessThanOrEqualTo(CACHED);
        assertThat(clients.clientsCreated()).isEqualTo(ACCOUNTS);

        // Pass 2: every access token has expired; each account refreshes with the refresh token
        // the store holds. Most accounts' first clients were dropped: new ones read the store.
        clock.advance(Duration.ofHours(25));
        for (int i = 0; i < ACCOUNTS; i++) {
          AmoCrmClient c = clients.client(domain(i));
          assertThat(c.account().id()).isNotNull();
          seen.add(c);
          pools.add(c.httpClient().connectionPool());
          dispatchers.add(c.httpClient().dispatcher());
        }
        assertThat(amo.successfulRefreshes()).isEqualTo(ACCOUNTS);
        assertThat(clients.clientsCreated()).isGreaterThan(ACCOUNTS); // clients were dropped
        assertThat(seen).hasSizeGreaterThan(ACCOUNTS);

        // Pass 3: the refreshed pairs are in the store, and every client (new or cached) uses
        // them: no refresh more, no 401 (a client holding a pair the store lacks would send a
        // dead refresh token and fail: the mock revokes each refresh token when it is used).
        for (int i = ACCOUNTS - 1; i >= 0; i--) {
          assertThat(clients.client(domain(i)).account().id()).isNotNull();
        }
        assertThat(amo.refreshCalls()).isEqualTo(ACCOUNTS);
        assertThat(amo.unauthorizedApiCalls()).isZero();
        for (int i = 0; i < ACCOUNTS; i++) {
          TokenRecord r = store.load(GrantKey.of(domain(i))).orElseThrow();
          assertThat(amo.isRefreshTokenLive(r.refreshToken())).as(domain(i)).isTrue();
          assertThat(r.version()).as(domain(i)).isEqualTo(2);
        }

        // One pool and one dispatcher across every client made: 1,900+ clients, 1,000 accounts.
        assertThat(pools).hasSize(1);
        assertThat(dispatchers).hasSize(1);
        // The limiters are per integration and account, not per client object: never more than
        // one per account, however many clients were made (idle ones are swept besides).
        assertThat(limiters() - limitersBefore).isLessThanOrEqualTo(ACCOUNTS);
        assertThat(clients.clientsCreated()).isGreaterThan(limiters() - limitersBefore);
      }
    }
  }

  @Test
  void thePoolCountCanTellTwoPoolsApart() {
    // Negative control for the count above: clients built on their own have pools of their own.
    MutableClock clock = MutableClock.create();
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit().clock(clock).start()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      AmoCrmClient a = template(amo, store, clock).accountDomain(domain(1)).build();
      AmoCrmClient b = template(amo, store, clock).accountDomain(domain(2)).build();
      assertThat(a.httpClient().connectionPool()).isNotSameAs(b.httpClient().connectionPool());
      assertThat(a.httpClient().dispatcher()).isNotSameAs(b.httpClient().dispatcher());
    }
  }

  @Test
  void aNewAccountFromTheCallbackIsServedAtOnce() {
    MutableClock clock = MutableClock.create();
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit().clock(clock).start()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      try (AmoCrmClients clients = AmoCrmClients.builder(template(amo, store, clock)).build()) {
        assertThat(clients.accounts()).isEmpty();
        AuthorizationCallback callback = new AuthorizationCallback(
            amo.issueAuthorizationCode(), amo.accountDomain(), null, false);

        AmoCrmClient client = clients.authorize(callback);

        assertThat(client.account().id()).isNotNull();
        assertThat(amo.codeExchanges()).isEqualTo(1);
        assertThat(clients.accounts()).containsExactly(GrantKey.of(amo.accountDomain()));
        assertThat(clients.client(amo.accountDomain())).isSameAs(client);
        assertThat(store.load(GrantKey.of(amo.accountDomain()))).isPresent();
      }
    }
  }

  @Test
  void anAccountWithoutAGrantFailsUntilAuthorizedByCode() {
    MutableClock clock = MutableClock.create();
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit().clock(clock).start()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      try (AmoCrmClients clients = AmoCrmClients.builder(template(amo, store, clock)).build()) {
        AmoCrmClient before = clients.client(amo.accountDomain());
        assertThatThrownBy(before::account)
            .isInstanceOf(io.github.farolero.amocrm.auth.ReauthorizationRequiredException.class);
        clients.authorize(amo.issueAuthorizationCode(), amo.accountDomain());
        assertThat(before.account().id()).isNotNull(); // the same client, now with a grant
      }
    }
  }

  @Test
  void anIdleClientIsDroppedAndItsAccountServedByANewOne() {
    MutableClock clock = MutableClock.create();
    AtomicLong nanos = new AtomicLong();
    Ticker ticker = nanos::get;
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit().clock(clock).start()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      store.write(amo.issueTokens().toRecord());
      try (AmoCrmClients clients = AmoCrmClients.builder(template(amo, store, clock))
          .expireAfterAccess(Duration.ofMinutes(10)).ticker(ticker).build()) {
        AmoCrmClient first = clients.client(amo.accountDomain());
        nanos.addAndGet(Duration.ofMinutes(9).toNanos());
        assertThat(clients.client(amo.accountDomain())).isSameAs(first);
        nanos.addAndGet(Duration.ofMinutes(11).toNanos());
        assertThat(clients.cachedClients()).isZero();
        AmoCrmClient second = clients.client(amo.accountDomain());
        assertThat(second).isNotSameAs(first);
        assertThat(second.account().id()).isNotNull();
      }
    }
  }

  @Test
  void eachAccountHasItsOwnReferenceDataWithTheSharedSettings() {
    MutableClock clock = MutableClock.create();
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit().clock(clock).start()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      for (int i = 0; i < 2; i++) {
        IssuedTokens t = amo.issueTokens();
        store.write(new TokenRecord(GrantKey.of(domain(i)), t.accessToken(), t.refreshToken(),
            t.expiresAt(), t.issuedAt(), domain(i), 1));
      }
      try (AmoCrmClients clients = AmoCrmClients.builder(template(amo, store, clock))
          .referenceData(ReferenceData.Settings.builder().noRefresh().build()).build()) {
        ReferenceData a = clients.referenceData(domain(0));
        ReferenceData b = clients.referenceData(domain(1));
        assertThat(a).isNotSameAs(b);
        assertThat(clients.referenceData(domain(0))).isSameAs(a);
        for (int i = 0; i < 100; i++) {
          a.users();
          b.users();
        }
        // One fetch per account, whatever the number of reads.
        assertThat(amo.apiRequests("GET", "/api/v4/users")).isEqualTo(2);
      }
    }
  }

  @Test
  void threadsAskingForOneAccountGetOneClient() throws Exception {
    MutableClock clock = MutableClock.create();
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit().clock(clock).start();
        AmoCrmClients clients = AmoCrmClients.builder(
            template(amo, new InMemoryTokenStore(), clock)).build()) {
      int threads = 8;
      int accounts = 50;
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      Set<AmoCrmClient> seen = Collections.synchronizedSet(
          Collections.newSetFromMap(new IdentityHashMap<>()));
      for (int t = 0; t < threads; t++) {
        Thread w = new Thread(() -> {
          try {
            start.await();
            for (int round = 0; round < 20; round++) {
              for (int i = 0; i < accounts; i++) {
                seen.add(clients.client(domain(i)));
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        w.start();
        workers.add(w);
      }
      start.countDown();
      for (Thread w : workers) {
        w.join(60_000);
        assertThat(w.isAlive()).isFalse();
      }
      assertThat(seen).hasSize(accounts);
      assertThat(clients.clientsCreated()).isEqualTo(accounts);
    }
  }

  @Test
  void closeClosesOnlyWhatItMade() {
    MutableClock clock = MutableClock.create();
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit().clock(clock).start()) {
      InMemoryTokenStore store = new InMemoryTokenStore();
      OkHttpClient given = new OkHttpClient();
      AmoCrmClients clients = AmoCrmClients.builder(
          template(amo, store, clock).okHttpClient(given)).build();
      AmoCrmClient c = clients.client(amo.accountDomain());
      assertThat(c.httpClient().connectionPool()).isSameAs(given.connectionPool());
      clients.close();
      assertThat(given.dispatcher().executorService().isShutdown()).isFalse();
      assertThatThrownBy(() -> clients.client(amo.accountDomain()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");

      AmoCrmClients own = AmoCrmClients.builder(template(amo, store, clock)).build();
      OkHttpClient made = own.client(amo.accountDomain()).httpClient();
      own.close();
      assertThat(made.dispatcher().executorService().isShutdown()).isTrue();
    }
  }

  @Test
  void theTemplateIsChecked() {
    MutableClock clock = MutableClock.create();
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit().clock(clock).start()) {
      assertThatThrownBy(() -> AmoCrmClients.builder(AmoCrmClient.builder()
          .clientId("id").clientSecret("secret").redirectUri("https://app.test/cb")).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("tokenStore");
      assertThatThrownBy(() -> AmoCrmClients.builder(AmoCrmClient.builder()
          .longLivedToken("x.y.z")).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("longLivedToken");
      assertThatThrownBy(() -> AmoCrmClients.builder(template(amo, new InMemoryTokenStore(),
          clock)).maximumSize(0)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AmoCrmClients.builder(template(amo, new InMemoryTokenStore(),
          clock).contextUserId(5)).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("contextUserId");
      try (AmoCrmClients clients = AmoCrmClients.builder(
          template(amo, new InMemoryTokenStore(), clock)).build()) {
        assertThatThrownBy(() -> clients.client(GrantKey.of("a.amocrm.ru", "other")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("another integration");
      }
    }
  }

  /** The JVM's limiter count: RateLimiters.size() is package-private, read here by reflection. */
  private static int limiters() throws Exception {
    Method size = RateLimiters.class.getDeclaredMethod("size");
    size.setAccessible(true);
    return (int) size.invoke(RateLimiters.shared());
  }
}
