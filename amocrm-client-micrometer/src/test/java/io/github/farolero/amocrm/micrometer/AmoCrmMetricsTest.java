package io.github.farolero.amocrm.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.error.AccountBlockedException;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.StoreInfo;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.testkit.IssuedTokens;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics' values in a {@link SimpleMeterRegistry} after scripted flows against the mock
 * amoCRM (a refresh, a failed refresh, a 429, a ban, a revoke), each an exact count where the flow
 * is exact; the per-grant gauges on a fake clock; bounded cardinality; and no token, code or
 * secret anywhere in a meter.
 */
class AmoCrmMetricsTest {

  private final MutableClock clock = MutableClock.create();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AmoCrmMetrics metrics = AmoCrmMetrics.builder(registry)
      .commonTags(Tags.of("application", "sync")).clock(clock).build();
  private final MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).noRateLimit()
      .start();
  private final InMemoryTokenStore store = new InMemoryTokenStore();
  /** Every secret the flows handled: none may appear in a meter. */
  private final List<String> secrets = new ArrayList<>();

  @AfterEach
  void close() {
    amo.close();
  }

  private AmoCrmClient.Builder clientBuilder() {
    return AmoCrmClient.builder()
        .accountDomain(amo.accountDomain())
        .baseUrl(amo.baseUrl())
        .clientId(amo.clientId())
        .clientSecret(amo.clientSecret())
        .redirectUri(amo.redirectUri())
        .tokenStore(store)
        .clock(clock)
        .refreshPolicy(RefreshPolicy.builder().lockWait(Duration.ofSeconds(60)).build())
        // A 50 ms window: the pause a 429 without Retry-After imposes is one window.
        .rateLimit(new RateLimit(10_000, Duration.ofMillis(50), Duration.ofSeconds(30)))
        .sleeper(d -> { })
        .tokenListener(metrics)
        .requestListener(metrics);
  }

  private AmoCrmClient authorized() {
    AmoCrmClient client = clientBuilder().build();
    String code = amo.issueAuthorizationCode();
    secrets.add(code);
    secrets.add(amo.clientSecret());
    client.tokens().authorize(code);
    remember();
    return client;
  }

  private void remember() {
    IssuedTokens t = amo.latestIssuedTokens().orElseThrow();
    secrets.add(t.accessToken());
    if (t.refreshToken() != null) {
      secrets.add(t.refreshToken());
    }
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  private long timerCount(String name, String... tags) {
    return registry.get(name).tags(tags).timer().count();
  }

  private double gauge(String name, GrantKey key) {
    return registry.get(name).tag("grant", key.toString()).gauge().value();
  }

  @Test
  void aRefreshCountsOneSuccessTimesTheTokenEndpointAndResetsTheGrantsGauges() {
    AmoCrmClient client = authorized();
    metrics.track(client.tokens());
    TokenRecord first = store.load(amo.grantKey()).orElseThrow();
    assertThat(gauge("amocrm.token.access.remaining", amo.grantKey()))
        .isEqualTo(Duration.ofHours(24).toSeconds());
    clock.advance(Duration.ofHours(1));
    assertThat(gauge("amocrm.token.access.remaining", amo.grantKey()))
        .isEqualTo(Duration.ofHours(23).toSeconds());
    assertThat(gauge("amocrm.token.refresh.age", amo.grantKey())).isEqualTo(3600);

    clock.set(first.expiresAt()); // due: the next call refreshes first
    client.account();
    remember();

    assertThat(count("amocrm.token.refreshes", "outcome", "success")).isEqualTo(1);
    assertThat(count("amocrm.token.refreshes", "outcome", "failure")).isZero();
    assertThat(timerCount("amocrm.token.endpoint", "grant_type", "authorization_code",
        "outcome", "success")).isEqualTo(1);
    assertThat(timerCount("amocrm.token.endpoint", "grant_type", "refresh_token",
        "outcome", "success")).isEqualTo(1);
    assertThat(gauge("amocrm.token.access.remaining", amo.grantKey()))
        .isEqualTo(Duration.ofHours(24).toSeconds());
    assertThat(gauge("amocrm.token.refresh.age", amo.grantKey())).isZero();
    assertThat(timerCount("amocrm.requests", "method", "GET", "path", "/api/v4/account",
        "status", "200")).isEqualTo(1);
    assertThat(timerCount("amocrm.ratelimit.wait")).isEqualTo(1);
    assertThat(registry.get("amocrm.requests").tag("application", "sync").timers()).hasSize(1);
    assertNoSecretInAnyMeter();
  }

  @Test
  void aFailedRefreshCountsOneFailureAndTheTokenEndpointsFailure() {
    AmoCrmClient client = authorized();
    amo.enqueueTokenEndpointResponse(503, "text/html", "<html>busy</html>");
    assertThatThrownBy(() -> client.tokens().refresh()).isInstanceOf(AmoCrmException.class);

    assertThat(count("amocrm.token.refreshes", "outcome", "failure")).isEqualTo(1);
    assertThat(count("amocrm.token.refreshes", "outcome", "success")).isZero();
    assertThat(timerCount("amocrm.token.endpoint", "grant_type", "refresh_token",
        "outcome", "failure")).isEqualTo(1);
    assertThat(count("amocrm.token.reauthorization.required")).isZero();

    client.tokens().refresh(); // the next one goes through
    remember();
    assertThat(count("amocrm.token.refreshes", "outcome", "success")).isEqualTo(1);
    assertThat(count("amocrm.token.refreshes", "outcome", "failure")).isEqualTo(1);
    assertNoSecretInAnyMeter();
  }

  @Test
  void a429CountsOnceWithOneRetryAndBothAnswersTimed() {
    AmoCrmClient client = authorized();
    amo.faults().failNext(1, 429);
    client.account();

    assertThat(count("amocrm.responses.429")).isEqualTo(1);
    assertThat(count("amocrm.retries", "reason", "too_many_requests")).isEqualTo(1);
    assertThat(registry.find("amocrm.retries").tag("reason", "server_error").counter()).isNull();
    assertThat(timerCount("amocrm.requests", "path", "/api/v4/account", "status", "429"))
        .isEqualTo(1);
    assertThat(timerCount("amocrm.requests", "path", "/api/v4/account", "status", "200"))
        .isEqualTo(1);
    assertThat(timerCount("amocrm.ratelimit.wait")).as("one turn per attempt").isEqualTo(2);
    assertThat(count("amocrm.responses.403.ban")).isZero();
    assertNoSecretInAnyMeter();
  }

  @Test
  void aBanCountsOnceAndTheCallsRefusedLocallyAfterItCountNothing() {
    AmoCrmClient client = authorized();
    amo.blockAccount(true);
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(client::account).isInstanceOf(AccountBlockedException.class);
    }
    assertThat(count("amocrm.responses.403.ban")).isEqualTo(1);
    assertThat(timerCount("amocrm.requests", "status", "403")).isEqualTo(1);
    assertThat(registry.find("amocrm.retries").counters()).as("a ban is never retried").isEmpty();
  }

  @Test
  void aRevokedGrantCountsOneReauthorizationAndNoRefreshFailure() {
    AmoCrmClient client = authorized();
    TokenRecord r = store.load(amo.grantKey()).orElseThrow();
    amo.revokeAllTokens();
    clock.set(r.expiresAt());
    assertThatThrownBy(client::account).isInstanceOf(ReauthorizationRequiredException.class);
    assertThatThrownBy(client::account).isInstanceOf(ReauthorizationRequiredException.class);

    assertThat(count("amocrm.token.reauthorization.required")).as("once per dead record")
        .isEqualTo(1);
    assertThat(count("amocrm.token.refreshes", "outcome", "success")).isZero();
    assertThat(count("amocrm.token.refreshes", "outcome", "failure")).isZero();
    assertThat(timerCount("amocrm.token.endpoint", "grant_type", "refresh_token",
        "outcome", "failure")).isEqualTo(1);
    assertNoSecretInAnyMeter();
  }

  @Test
  void aRefreshedPairTheStoreRefusesCountsOneStoreWriteFailure() {
    AtomicBoolean failWrites = new AtomicBoolean();
    TokenStore failing = new TokenStore() {
      @Override
      public Optional<TokenRecord> load(GrantKey key) {
        return store.load(key);
      }

      @Override
      public void write(TokenRecord record) {
        if (failWrites.get()) {
          throw new TokenStoreException("disk full (scripted)");
        }
        store.write(record);
      }

      @Override
      public boolean delete(GrantKey key) {
        return store.delete(key);
      }

      @Override
      public List<GrantKey> keys() {
        return store.keys();
      }

      @Override
      public StoreInfo info() {
        return store.info();
      }

      @Override
      public Optional<GrantLocker> locker() {
        return store.locker();
      }
    };
    AmoCrmClient client = clientBuilder().tokenStore(failing).build();
    client.tokens().authorize(amo.issueAuthorizationCode());
    TokenRecord r = store.load(amo.grantKey()).orElseThrow();
    failWrites.set(true);
    clock.set(r.expiresAt());
    catchThrowable(client::account); // served from memory or refused: either way, counted once

    assertThat(count("amocrm.token.store.write.failures")).isEqualTo(1);
  }

  @Test
  void onlyMaxTrackedGrantsGetGaugesTheRestAreCountedAsUntracked() {
    AmoCrmMetrics bounded = AmoCrmMetrics.builder(registry).maxTrackedGrants(2).clock(clock)
        .build();
    Instant now = clock.instant();
    for (int i = 0; i < 5; i++) {
      GrantKey key = GrantKey.of("a" + i + ".amocrm.ru");
      bounded.record(new TokenStatus(key, key.domain(), now.plusSeconds(60), now, 1, false,
          "abcdef", "123456"));
    }
    bounded.record(new TokenStatus(GrantKey.of("a4.amocrm.ru"), "a4.amocrm.ru",
        now.plusSeconds(60), now, 2, false, "abcdef", "123456")); // seen again: counted once
    assertThat(registry.find("amocrm.token.access.remaining").gauges()).hasSize(2);
    assertThat(registry.find("amocrm.token.refresh.age").gauges()).hasSize(2);
    assertThat(registry.get("amocrm.token.grants.untracked").tags(Tags.empty()).gauges())
        .anySatisfy(g -> assertThat(g.value()).isEqualTo(3));
    assertThat(gauge("amocrm.token.access.remaining", GrantKey.of("a1.amocrm.ru")))
        .isEqualTo(60);
  }

  @Test
  void pathsBeyondTheBoundAreTaggedOther() {
    AmoCrmMetrics bounded = AmoCrmMetrics.builder(registry).maxPaths(2).build();
    for (String p : List.of("/api/v4/leads", "/api/v4/contacts", "/api/v4/companies",
        "/api/v4/leads")) {
      bounded.onResponse("GET", p, 200, Duration.ofMillis(3), 1);
    }
    assertThat(timerCount("amocrm.requests", "path", "/api/v4/leads")).isEqualTo(2);
    assertThat(timerCount("amocrm.requests", "path", "/api/v4/contacts")).isEqualTo(1);
    assertThat(timerCount("amocrm.requests", "path", AmoCrmMetrics.OTHER_PATH)).isEqualTo(1);
  }

  @Test
  void theCanaryCheckCanFail() {
    // The check below must see a secret where one is: a tag carrying a canary fails it.
    registry.counter("canary", "t", "prefix-" + "CANARY-SECRET-123456");
    secrets.add("CANARY-SECRET-123456");
    assertThatThrownBy(this::assertNoSecretInAnyMeter).isInstanceOf(AssertionError.class);
  }

  /** No meter's name, tag key or tag value holds a secret, whole or a 12-character piece. */
  private void assertNoSecretInAnyMeter() {
    for (Meter meter : registry.getMeters()) {
      List<String> texts = new ArrayList<>();
      texts.add(meter.getId().getName());
      for (Tag tag : meter.getId().getTags()) {
        texts.add(tag.getKey());
        texts.add(tag.getValue());
      }
      for (String text : texts) {
        for (String secret : secrets) {
          for (int i = 0; i + 12 <= secret.length(); i += 4) {
            assertThat(text).as(meter.getId().toString())
                .doesNotContain(secret.substring(i, i + 12));
          }
        }
      }
    }
  }
}
