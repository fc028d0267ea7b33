package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * A client configured the twelve-factor way, from the variables the env store reads, and a
 * caller's OkHttpClient whose own timeout is kept, against the mock amoCRM end to end.
 */
class ClientConfigurationTest {

  @Test
  void aClientFromTheEnvironmentAuthorizesAndCallsTheApi() {
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit().start()) {
      Map<String, String> env = Map.of(
          "AMOCRM_DOMAIN", amo.accountDomain(),
          "AMOCRM_CLIENT_ID", amo.clientId(),
          "AMOCRM_CLIENT_SECRET", amo.clientSecret(),
          "AMOCRM_REDIRECT_URI", amo.redirectUri(),
          "AMOCRM_BASE_URL", amo.baseUrl().toString(),
          "PATH", "/usr/bin");
      AmoCrmClient client = AmoCrmClient.builder().fromEnvironment(env)
          .tokenStore(new InMemoryTokenStore()).build();

      // The mock checks the client id, the secret and the redirect URI of the code exchange.
      client.tokens().authorize(amo.issueAuthorizationCode());
      assertThat(client.account().name()).isEqualTo("Mock account");
      assertThat(amo.lastApiRequestHeaders().get("X-Client-UUID")).isEqualTo(amo.clientId());
      assertThat(client.grantKey()).isEqualTo(amo.grantKey());
    }
  }

  @Test
  void aCallersOwnReadTimeoutIsKept() {
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit().start()) {
      OkHttpClient mine = new OkHttpClient.Builder()
          .readTimeout(Duration.ofMillis(300)).build();
      AmoCrmClient client = AmoCrmClient.builder().accountDomain(amo.accountDomain())
          .baseUrl(amo.baseUrl()).clientId(amo.clientId())
          .longLivedToken(amo.issueLongLivedToken(Duration.ofDays(30)).accessToken())
          .okHttpClient(mine).retryPolicy(RetryPolicy.none()).build();
      amo.faults().latency(Duration.ofSeconds(2));

      long start = System.nanoTime();
      Throwable t = catchThrowable(client::account);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(t).isExactlyInstanceOf(AmoCrmException.class)
          .hasCauseInstanceOf(InterruptedIOException.class); // SocketTimeoutException is one
      assertThat(took).as("the caller's 300 ms read timeout, not the library's 30 s")
          .isLessThan(Duration.ofMillis(1_800));
      amo.faults().latency(Duration.ZERO);
      assertThat(client.account().name()).isEqualTo("Mock account");
    }
  }
}
