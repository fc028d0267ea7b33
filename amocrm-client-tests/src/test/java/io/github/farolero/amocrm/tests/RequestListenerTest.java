package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.RequestListener;
import io.github.farolero.amocrm.error.AccountBlockedException;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.testkit.IssuedTokens;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The request hook against the mock amoCRM: each event fires once per occurrence with the values
 * it names (method, path template without ids or query, status, attempt, reason, pause, the token
 * endpoint's grant type and status), no value carries a token, and a listener that throws on
 * every event breaks nothing.
 */
class RequestListenerTest {

  /** Records every event as one line of text. */
  static final class Recording implements RequestListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<Duration> durations = Collections.synchronizedList(new ArrayList<>());

    List<String> of(String prefix) {
      synchronized (events) {
        return events.stream().filter(e -> e.startsWith(prefix)).toList();
      }
    }

    @Override
    public void onResponse(String method, String path, int status, Duration d, int attempt) {
      events.add("response " + method + " " + path + " " + status + " #" + attempt);
      durations.add(d);
    }

    @Override
    public void onFailure(String method, String path, Duration d, int attempt, IOException e) {
      events.add("failure " + method + " " + path + " #" + attempt);
      durations.add(d);
    }

    @Override
    public void onRetry(String method, String path, RetryReason reason, Duration delay,
        int attempt) {
      events.add("retry " + method + " " + path + " " + reason + " #" + attempt);
    }

    @Override
    public void onRateLimitWait(Duration waited, int queued) {
      events.add("wait " + queued);
      durations.add(waited);
    }

    @Override
    public void onTooManyRequests(Duration pause) {
      events.add("429 " + pause.toMillis());
    }

    @Override
    public void onBan(Duration coolDown) {
      events.add("ban " + coolDown.toSeconds());
    }

    @Override
    public void onTokenEndpoint(GrantKey key, String grantType, int status, Duration d) {
      events.add("token " + key + " " + grantType + " " + status);
      durations.add(d);
    }
  }

  @Test
  void eachAnswerIsHeardWithItsPathTemplateStatusAndAttempt() {
    Recording r = new Recording();
    try (ApiFixture f = new ApiFixture(b -> b, b -> b.requestListener(r))) {
      long id = f.amo.seedLeads(1).get(0);
      f.client.leads().get(id);
      f.client.raw().get("leads/" + id, Map.of("with", "contacts"));
      f.client.pipelines().list();
      assertThat(r.of("response")).containsExactly(
          "response GET /api/v4/leads/{id} 200 #1",
          "response GET /api/v4/leads/{id} 200 #1",
          "response GET /api/v4/leads/pipelines 200 #1");
      assertThat(r.of("wait")).as("one turn per request").hasSize(3);
      assertThat(r.durations).allSatisfy(d -> assertThat(d.isNegative()).isFalse());
    }
  }

  @Test
  void retriesAreHeardWithTheirReasonAndEachAttemptsAnswer() {
    Recording r = new Recording();
    try (ApiFixture f = new ApiFixture(b -> b, b -> b.requestListener(r))) {
      f.amo.faults().failNext(1, 502).failNext(1, 503);
      f.client.account();
      assertThat(r.of("re")).containsExactly(
          "response GET /api/v4/account 502 #1",
          "retry GET /api/v4/account SERVER_ERROR #1",
          "response GET /api/v4/account 503 #2",
          "retry GET /api/v4/account SERVER_ERROR #2",
          "response GET /api/v4/account 200 #3");
      assertThat(r.of("wait")).hasSize(3);
    }
  }

  @Test
  void a429IsHeardOnceAsAPauseAndAsTheReasonOfTheRetry() {
    Recording r = new Recording();
    // A 50 ms window: the pause a 429 without Retry-After imposes is one window.
    RateLimit limit = new RateLimit(10_000, Duration.ofMillis(50), Duration.ofSeconds(30));
    try (ApiFixture f = new ApiFixture(b -> b, b -> b.rateLimit(limit).requestListener(r))) {
      f.amo.faults().failNext(1, 429);
      f.client.account();
      assertThat(r.of("429")).containsExactly("429 50");
      assertThat(r.of("re")).containsExactly(
          "response GET /api/v4/account 429 #1",
          "retry GET /api/v4/account TOO_MANY_REQUESTS #1",
          "response GET /api/v4/account 200 #2");
    }
  }

  @Test
  void aBanIsHeardOnceAndTheRefusedCallsThatFollowSendNothingToHear() {
    Recording r = new Recording();
    try (ApiFixture f = new ApiFixture(b -> b, b -> b
        .rateLimit(RateLimit.perSecond(10_000).withBanCoolDown(Duration.ofMinutes(7)))
        .requestListener(r))) {
      f.amo.blockAccount(true);
      assertThatThrownBy(f.client::account).isInstanceOf(AccountBlockedException.class);
      assertThatThrownBy(f.client::account).isInstanceOf(AccountBlockedException.class);
      assertThat(r.of("ban")).containsExactly("ban 420");
      assertThat(r.of("response")).containsExactly("response GET /api/v4/account 403 #1");
    }
  }

  @Test
  void aWriteWhoseConnectionDropsIsHeardAsAFailureAndNotRetried() {
    Recording r = new Recording();
    try (ApiFixture f = new ApiFixture(b -> b, b -> b.requestListener(r))) {
      f.amo.faults().dropNext(1);
      assertThatThrownBy(() -> f.client.leads().add(List.of(Lead.builder().name("x").build())))
          .isInstanceOf(AmoCrmException.class);
      assertThat(r.of("failure")).containsExactly("failure POST /api/v4/leads #1");
      assertThat(r.of("retry")).isEmpty();
    }
  }

  @Test
  void theTokenEndpointIsHeardWithGrantTypeAndStatusAndNoTokenAnywhere() {
    Recording r = new Recording();
    try (Fixture f = new Fixture()) {
      AmoCrmClient client = f.clientBuilder(new InMemoryTokenStore()).requestListener(r).build();
      String code = f.amo.issueAuthorizationCode();
      client.tokens().authorize(code);
      client.tokens().refresh();
      f.amo.enqueueTokenEndpointResponse(503, "text/html", "<html>busy</html>");
      assertThatThrownBy(() -> client.tokens().refresh()).isInstanceOf(AmoCrmException.class);
      String key = f.amo.grantKey().toString();
      assertThat(r.of("token")).containsExactly(
          "token " + key + " authorization_code 200",
          "token " + key + " refresh_token 200",
          "token " + key + " refresh_token 503");
      IssuedTokens last = f.amo.latestIssuedTokens().orElseThrow();
      assertThat(String.join("\n", r.events)).doesNotContain(code, last.accessToken(),
          last.refreshToken(), f.amo.clientSecret());
    }
  }

  @Test
  void aListenerThatThrowsOnEveryEventBreaksNoCall() {
    RequestListener throwing = new RequestListener() {
      @Override
      public void onResponse(String m, String p, int s, Duration d, int a) {
        throw new IllegalStateException("boom");
      }

      @Override
      public void onRetry(String m, String p, RetryReason r, Duration d, int a) {
        throw new AssertionError("boom");
      }

      @Override
      public void onRateLimitWait(Duration waited, int queued) {
        throw new IllegalStateException("boom");
      }

      @Override
      public void onTokenEndpoint(GrantKey key, String grantType, int status, Duration d) {
        throw new IllegalStateException("boom");
      }
    };
    try (Fixture f = new Fixture()) {
      AmoCrmClient client = f.clientBuilder(new InMemoryTokenStore()).requestListener(throwing)
          .sleeper(new RecordingSleeper())
          .build();
      client.tokens().authorize(f.amo.issueAuthorizationCode());
      f.amo.faults().failNext(1, 503);
      assertThat(client.account().name()).isEqualTo("Mock account");
      assertThat(client.tokens().refresh()).isNotNull();
      assertThat(f.amo.successfulRefreshes()).isEqualTo(1);
    }
  }
}
