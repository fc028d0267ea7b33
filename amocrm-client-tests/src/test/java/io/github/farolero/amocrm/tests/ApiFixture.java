package io.github.farolero.amocrm.tests;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A mock amoCRM and a client on a long-lived token, for API tests. By default neither side limits
 * the rate (the limit has its own tests) and retries sleep on a {@link RecordingSleeper}.
 */
final class ApiFixture implements AutoCloseable {
  final MockAmoCrmServer amo;
  final RecordingSleeper sleeper = new RecordingSleeper();
  final AmoCrmClient client;

  ApiFixture() {
    this(b -> b, b -> b);
  }

  ApiFixture(UnaryOperator<MockAmoCrmServer.Builder> mock,
      UnaryOperator<AmoCrmClient.Builder> clientConfig) {
    amo = mock.apply(MockAmoCrmServer.builder().noRateLimit()).start();
    client = clientConfig.apply(clientBuilder()).build();
  }

  AmoCrmClient.Builder clientBuilder() {
    return AmoCrmClient.builder()
        .accountDomain(amo.accountDomain())
        .baseUrl(amo.baseUrl())
        .clientId(amo.clientId())
        .longLivedToken(amo.issueLongLivedToken(Duration.ofDays(365)).accessToken())
        .rateLimit(RateLimit.perSecond(10_000))
        .sleeper(sleeper);
  }

  @Override
  public void close() {
    amo.close();
  }
}
