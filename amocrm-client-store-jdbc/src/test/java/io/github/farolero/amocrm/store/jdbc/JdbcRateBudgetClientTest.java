package io.github.farolero.amocrm.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.error.RateBudgetException;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The client with a {@link JdbcRateBudget} on embedded PostgreSQL, against the mock amoCRM: its
 * requests take their turns from the database, and while the database is down it does what the
 * README says, failing with {@link RateBudgetException} and sending nothing by default, or
 * sending under the declared local share.
 */
class JdbcRateBudgetClientTest {

  private final DataSource pg = Databases.postgresDataSource(Databases.postgres());
  private final String prefix = "rb" + Databases.newTable();

  private AmoCrmClient client(MockAmoCrmServer amo, RateBudget budget, RateLimit limit) {
    TokenStore store = new InMemoryTokenStore();
    store.write(amo.issueTokens().toRecord(GrantKey.of(amo.accountDomain()), 1));
    return AmoCrmClient.builder()
        .accountDomain(amo.accountDomain()).baseUrl(amo.baseUrl())
        .clientId(amo.clientId()).clientSecret(amo.clientSecret())
        .redirectUri(amo.redirectUri())
        .tokenStore(store)
        .rateLimit(limit)
        .rateBudget(budget)
        .build();
  }

  @Test
  void requestsTakeTheirTurnsFromTheDatabase() throws Exception {
    try (MockAmoCrmServer amo = MockAmoCrmServer.start()) {
      JdbcRateBudget budget = JdbcRateBudget.builder().dataSource(pg).tablePrefix(prefix)
          .createTableIfMissing(true).build();
      AmoCrmClient client = client(amo, budget, RateLimit.defaults());
      runConcurrently(4, 3, client);
      assertThat(amo.apiCalls()).isEqualTo(12);
      assertThat(amo.tooManyRequestsSent()).isZero();
      assertThat(amo.peakRequestsInWindow()).isLessThanOrEqualTo(7);
      RateBudget.Scope scope = RateBudget.Scope.integration(amo.clientId(), amo.accountDomain());
      try (Connection c = pg.getConnection(); PreparedStatement ps = c.prepareStatement(
          "SELECT COUNT(*), COUNT(owner_token), MAX(free_at) FROM " + prefix
              + "_slots WHERE scope_key = ?")) {
        ps.setString(1, scope.key());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getInt(1)).as("the scope's slots").isEqualTo(7);
          assertThat(rs.getInt(2)).as("turns still held").isZero();
          assertThat(rs.getLong(3)).as("slots were used").isPositive();
        }
      }
    }
  }

  @Test
  void withTheDatabaseDownARequestFailsAndNothingIsSent() throws Exception {
    try (MockAmoCrmServer amo = MockAmoCrmServer.start()) {
      SwitchableDataSource ds = new SwitchableDataSource(pg);
      ds.down(true);
      AmoCrmClient client = client(amo, JdbcRateBudget.builder().dataSource(ds)
          .tablePrefix(prefix).createTableIfMissing(true).build(), RateLimit.defaults());
      assertThatThrownBy(client::account).isInstanceOf(RateBudgetException.class);
      assertThat(amo.apiCalls()).as("requests that reached amoCRM").isZero();
    }
  }

  @Test
  void withTheDatabaseDownALocalShareSendsAtTheShare() throws Exception {
    try (MockAmoCrmServer amo = MockAmoCrmServer.start()) {
      SwitchableDataSource ds = new SwitchableDataSource(pg);
      ds.down(true);
      RateBudget budget = JdbcRateBudget.builder().dataSource(ds).tablePrefix(prefix)
          .createTableIfMissing(true).build().withFallback(RateBudget.Fallback.localShare(3));
      // 6 per second among 3 processes: 2 per second for this one while the database is down.
      AmoCrmClient client = client(amo, budget, RateLimit.perSecond(6));
      runConcurrently(3, 2, client);
      assertThat(amo.apiCalls()).isEqualTo(6);
      assertThat(amo.peakRequestsInWindow()).as("the share, not the limit").isLessThanOrEqualTo(2);
      assertThat(amo.tooManyRequestsSent()).isZero();
    }
  }

  private static void runConcurrently(int threads, int calls, AmoCrmClient client)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < calls; i++) {
            client.account();
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
