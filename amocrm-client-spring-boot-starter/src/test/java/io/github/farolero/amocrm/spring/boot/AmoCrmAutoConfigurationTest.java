package io.github.farolero.amocrm.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.health.TokenHealthCheck;
import io.github.farolero.amocrm.health.TokenKeeper;
import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.env.EnvTokenStore;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.store.jdbc.JdbcTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every {@code amocrm.*} property changes what the beans do, and every bean backs off when the
 * application defines its own: checked on the built objects of an {@link ApplicationContextRunner}.
 */
class AmoCrmAutoConfigurationTest {

  static MockAmoCrmServer amo;

  @TempDir Path dir;

  @BeforeAll
  static void startMock() {
    amo = MockAmoCrmServer.start();
  }

  @AfterAll
  static void stopMock() {
    amo.close();
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(AmoCrmAutoConfiguration.class))
      .withPropertyValues(
          "amocrm.client-id=" + amo().clientId(),
          "amocrm.client-secret=" + amo().clientSecret(),
          "amocrm.redirect-uri=" + amo().redirectUri(),
          "amocrm.base-url=" + amo().baseUrl(),
          "amocrm.store.order=memory");

  private static MockAmoCrmServer amo() {
    if (amo == null) {
      amo = MockAmoCrmServer.start();
    }
    return amo;
  }

  /** Replaces the environment variables Spring sees (the env seed's and key variable's source). */
  private static ApplicationContextInitializer<ConfigurableApplicationContext> variables(
      Map<String, Object> variables) {
    return context -> context.getEnvironment().getPropertySources().replace(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
  }

  private static TokenRecord record(String domain, String access, Instant issuedAt) {
    return new TokenRecord(GrantKey.of(domain), access, "refresh-" + access,
        issuedAt.plus(Duration.ofDays(1)), issuedAt, domain, 0);
  }

  // ---- the integration and the account ----

  @Test
  void accountDomainMakesAClientOfThatAccountAtTheBaseUrl() {
    runner.withPropertyValues("amocrm.account-domain=" + amo().accountDomain()).run(context -> {
      AmoCrmClient client = context.getBean(AmoCrmClient.class);
      assertThat(client.accountDomain()).isEqualTo(amo().accountDomain());
      assertThat(client.baseUrl()).isEqualTo(amo().baseUrl());
      assertThat(client.grantKey()).isEqualTo(GrantKey.of(amo().accountDomain()));
    });
  }

  @Test
  void clientIdSecretAndRedirectUriAreWhatTheTokenEndpointGets() {
    runner.withPropertyValues("amocrm.account-domain=" + amo().accountDomain()).run(context -> {
      AmoCrmClient client = context.getBean(AmoCrmClient.class);
      TokenStatus status = client.tokens().authorize(amo().issueAuthorizationCode());
      assertThat(status.key()).isEqualTo(client.grantKey());
      assertThat(client.account()).isNotNull();
    });
    runner.withPropertyValues("amocrm.account-domain=" + amo().accountDomain(),
        "amocrm.client-secret=wrong-secret").run(context -> {
          AmoCrmClient client = context.getBean(AmoCrmClient.class);
          assertThatThrownBy(() -> client.tokens().authorize(amo().issueAuthorizationCode()))
              .isInstanceOf(OAuthException.class)
              .hasMessageNotContaining("wrong-secret");
        });
    runner.withPropertyValues("amocrm.account-domain=" + amo().accountDomain(),
        "amocrm.redirect-uri=https://elsewhere.example.com/cb").run(context -> {
          AmoCrmClient client = context.getBean(AmoCrmClient.class);
          assertThatThrownBy(() -> client.tokens().authorize(amo().issueAuthorizationCode()))
              .isInstanceOf(OAuthException.class);
        });
  }

  @Test
  void aMissingClientSecretFailsTheStartupByName() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AmoCrmAutoConfiguration.class))
        .withPropertyValues("amocrm.client-id=id", "amocrm.redirect-uri=https://a.example/cb",
            "amocrm.account-domain=example.amocrm.ru", "amocrm.store.order=memory")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("amocrm.client-secret is required"));
  }

  @Test
  void propertiesNeverShowTheSecretOrTheKey() {
    String key = TokenCipher.generateBase64Key();
    runner.withPropertyValues("amocrm.client-secret=s3cr3t-value-xyz", "amocrm.store.key=" + key)
        .run(context -> assertThat(context.getBean(AmoCrmProperties.class).toString())
            .doesNotContain("s3cr3t-value-xyz").doesNotContain(key).contains("<hidden>"));
  }

  @Test
  void multiAccountMakesNoSingleClientButKeepsEveryGrant() {
    runner.withPropertyValues("amocrm.multi-account=true").run(context -> {
      assertThat(context).doesNotHaveBean(AmoCrmClient.class);
      assertThat(context).hasSingleBean(TokenStore.class).hasSingleBean(TokenKeeper.class);
    });
    runner.withPropertyValues("amocrm.multi-account=true", "amocrm.account-domain=a.amocrm.ru")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("exclusive"));
  }

  // ---- stores ----

  @Test
  void fileDirectoryMakesAFileStoreThere() {
    runner.withPropertyValues("amocrm.store.order=", "amocrm.store.env.enabled=false",
        "amocrm.store.file.directory=" + dir).run(context -> {
          TokenStore store = context.getBean(TokenStore.class);
          assertThat(store).isInstanceOf(FileTokenStore.class);
          assertThat(((FileTokenStore) store).directory()).isEqualTo(dir);
        });
  }

  @Test
  void keyEncryptsTheFileAndAWrongKeyCannotReadIt() throws Exception {
    String key = TokenCipher.generateBase64Key();
    runner.withPropertyValues("amocrm.store.order=file", "amocrm.store.file.directory=" + dir,
        "amocrm.store.key=" + key).run(context -> {
          FileTokenStore store = (FileTokenStore) context.getBean(TokenStore.class);
          store.write(record("a.amocrm.ru", "access-plain-AAAA", Instant.now()));
          String onDisk = Files.readString(store.fileOf(GrantKey.of("a.amocrm.ru")),
              StandardCharsets.UTF_8);
          assertThat(onDisk).doesNotContain("access-plain-AAAA");
          assertThat(store.load(GrantKey.of("a.amocrm.ru")).orElseThrow().accessToken())
              .isEqualTo("access-plain-AAAA");
        });
    runner.withPropertyValues("amocrm.store.order=file", "amocrm.store.file.directory=" + dir,
        "amocrm.store.key=" + TokenCipher.generateBase64Key()).run(context ->
            assertThatThrownBy(() -> context.getBean(TokenStore.class)
                .load(GrantKey.of("a.amocrm.ru"))).isInstanceOf(RuntimeException.class));
    runner.withPropertyValues("amocrm.store.order=file", "amocrm.store.file.directory=" + dir,
        "amocrm.store.key=not-a-key").run(context -> assertThat(context).hasFailed()
            .getFailure().hasStackTraceContaining("amocrm.store.key must hold 32 bytes")
            .satisfies(f -> assertThat(stackText(f)).doesNotContain("not-a-key")));
  }

  @Test
  void keyEnvNamesTheVariableTheKeyIsReadFrom() throws Exception {
    String key = TokenCipher.generateBase64Key();
    Map<String, Object> env = Map.of("MY_TOKENS_KEY", key);
    runner.withInitializer(variables(env))
        .withPropertyValues("amocrm.store.order=file", "amocrm.store.file.directory=" + dir,
            "amocrm.store.key-env=MY_TOKENS_KEY").run(context -> {
              FileTokenStore store = (FileTokenStore) context.getBean(TokenStore.class);
              store.write(record("a.amocrm.ru", "access-plain-BBBB", Instant.now()));
            });
    String onDisk = Files.readString(FileTokenStore.of(dir).fileOf(GrantKey.of("a.amocrm.ru")));
    assertThat(onDisk).doesNotContain("access-plain-BBBB");
    // The same store without the key variable cannot read it: it was encrypted with that key.
    runner.withInitializer(variables(Map.of("MY_TOKENS_KEY", key)))
        .withPropertyValues("amocrm.store.order=file", "amocrm.store.file.directory=" + dir)
        .run(context -> assertThatThrownBy(() -> context.getBean(TokenStore.class)
            .load(GrantKey.of("a.amocrm.ru"))).isInstanceOf(RuntimeException.class));
  }

  @Test
  void jdbcUsesTheAppsDataSourceTableNameAndCreateTable() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:starter-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    runner.withBean(DataSource.class, () -> h2)
        .withPropertyValues("amocrm.store.order=jdbc", "amocrm.store.jdbc.table-name=my_tokens",
            "amocrm.store.jdbc.create-table=true").run(context -> {
              TokenStore store = context.getBean(TokenStore.class);
              assertThat(store).isInstanceOf(JdbcTokenStore.class);
              store.write(record("a.amocrm.ru", "jdbc-access", Instant.now()));
            });
    try (Connection c = h2.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM my_tokens")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    // Without create-table the table is not made: the first use fails.
    JdbcDataSource empty = new JdbcDataSource();
    empty.setURL("jdbc:h2:mem:starter-empty-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    runner.withBean(DataSource.class, () -> empty)
        .withPropertyValues("amocrm.store.order=jdbc", "amocrm.store.jdbc.table-name=my_tokens")
        .run(context -> assertThatThrownBy(() -> context.getBean(TokenStore.class)
            .write(record("a.amocrm.ru", "x", Instant.now())))
            .isInstanceOf(RuntimeException.class));
  }

  @Test
  void envSeedIsReadFromTheEnvironmentWithItsPrefixesAndCanBeTurnedOff() {
    Instant now = Instant.now();
    Map<String, Object> env = new HashMap<>();
    env.put("AMOCRM_DOMAIN", "seed.amocrm.ru");
    env.put("AMOCRM_ACCESS_TOKEN", "seed-access");
    env.put("AMOCRM_REFRESH_TOKEN", "seed-refresh");
    env.put("AMOCRM_TOKEN_EXPIRES_AT", Long.toString(now.plusSeconds(3600).getEpochSecond()));
    env.put("AMOCRM_SHOP_DOMAIN", "shop.amocrm.ru");
    env.put("AMOCRM_SHOP_ACCESS_TOKEN", "shop-access");
    env.put("AMOCRM_SHOP_REFRESH_TOKEN", "shop-refresh");
    env.put("AMOCRM_SHOP_TOKEN_EXPIRES_AT", Long.toString(now.plusSeconds(3600).getEpochSecond()));
    runner.withInitializer(variables(env))
        .withPropertyValues("amocrm.store.order=file,env", "amocrm.store.file.directory=" + dir,
            "amocrm.store.env.prefixes=SHOP").run(context -> {
              TokenStore store = context.getBean(TokenStore.class);
              assertThat(store.load(GrantKey.of("seed.amocrm.ru")).orElseThrow().accessToken())
                  .isEqualTo("seed-access");
              assertThat(store.load(GrantKey.of("shop.amocrm.ru")).orElseThrow().accessToken())
                  .isEqualTo("shop-access");
            });
    runner.withInitializer(variables(env))
        .withPropertyValues("amocrm.store.order=", "amocrm.store.file.directory=" + dir.resolve("b"),
            "amocrm.store.env.enabled=false").run(context -> {
              TokenStore store = context.getBean(TokenStore.class);
              assertThat(store).isInstanceOf(FileTokenStore.class);
              assertThat(store.load(GrantKey.of("seed.amocrm.ru"))).isEmpty();
            });
    runner.withPropertyValues("amocrm.store.order=env", "amocrm.store.env.enabled=false")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("amocrm.store.env.enabled is false"));
  }

  @Test
  void orderMakesACompositeOfThoseStoresInThatOrder() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:order-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    runner.withBean(DataSource.class, () -> h2).withInitializer(variables(Map.of()))
        .withPropertyValues("amocrm.store.order=jdbc,file,env",
            "amocrm.store.file.directory=" + dir, "amocrm.store.jdbc.create-table=true")
        .run(context -> {
          CompositeTokenStore store = (CompositeTokenStore) context.getBean(TokenStore.class);
          assertThat(store.members()).map(s -> (Class) s.getClass()).containsExactly(
              JdbcTokenStore.class, FileTokenStore.class, EnvTokenStore.class);
        });
    // Without an order: file, then the DataSource's JDBC, then the env seed.
    runner.withBean(DataSource.class, () -> h2).withInitializer(variables(Map.of()))
        .withPropertyValues("amocrm.store.order=", "amocrm.store.file.directory=" + dir,
            "amocrm.store.jdbc.create-table=true")
        .run(context -> {
          CompositeTokenStore store = (CompositeTokenStore) context.getBean(TokenStore.class);
          assertThat(store.members()).map(s -> (Class) s.getClass()).containsExactly(
              FileTokenStore.class, JdbcTokenStore.class, EnvTokenStore.class);
        });
    runner.withPropertyValues("amocrm.store.order=memory,memory").run(context ->
        assertThat(context).hasFailed().getFailure().hasStackTraceContaining("twice"));
    runner.withPropertyValues("amocrm.store.order=").run(context ->
        assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("no token store is configured"));
    runner.withPropertyValues("amocrm.store.order=jdbc").run(context ->
        assertThat(context).hasFailed().getFailure().hasStackTraceContaining("no DataSource"));
  }

  // ---- rate limit, refresh windows, keep-alive ----

  @Test
  void rateLimitPropertiesMakeTheClientsLimit() {
    runner.withPropertyValues("amocrm.rate-limit.requests-per-second=3",
        "amocrm.rate-limit.max-wait=5s").run(context -> {
          RateLimit limit = ClientFactory.rateLimit(context.getBean(AmoCrmProperties.class));
          assertThat(limit.requests()).isEqualTo(3);
          assertThat(limit.window()).isEqualTo(Duration.ofSeconds(1));
          assertThat(limit.maxWait()).isEqualTo(Duration.ofSeconds(5));
        });
    runner.run(context -> assertThat(
        ClientFactory.rateLimit(context.getBean(AmoCrmProperties.class)))
        .isEqualTo(RateLimit.defaults()));
  }

  @Test
  void rateLimitIsKeptOnTheWire() {
    // Its own account on the mock, so no other test's requests share the limiter's window.
    try (MockAmoCrmServer own = MockAmoCrmServer.builder().accountDomain("limit.amocrm.ru")
        .start()) {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(AmoCrmAutoConfiguration.class))
          .withPropertyValues("amocrm.client-id=" + own.clientId(),
              "amocrm.client-secret=" + own.clientSecret(),
              "amocrm.redirect-uri=" + own.redirectUri(), "amocrm.base-url=" + own.baseUrl(),
              "amocrm.store.order=memory", "amocrm.account-domain=limit.amocrm.ru",
              "amocrm.rate-limit.requests-per-second=2")
          .run(context -> {
            AmoCrmClient client = context.getBean(AmoCrmClient.class);
            client.tokens().authorize(own.issueAuthorizationCode());
            for (int i = 0; i < 5; i++) {
              client.account();
            }
            assertThat(own.apiCalls()).isEqualTo(5);
            assertThat(own.peakRequestsInWindow()).isLessThanOrEqualTo(2);
          });
    }
  }

  @Test
  void refreshWindowsMakeTheRefreshPolicy() {
    runner.withPropertyValues("amocrm.refresh.advisory-window=10m",
        "amocrm.refresh.mandatory-window=2m", "amocrm.refresh.keep-alive-age=7d").run(context -> {
          RefreshPolicy policy = ClientFactory.refreshPolicy(
              context.getBean(AmoCrmProperties.class));
          assertThat(policy.advisoryWindow()).isEqualTo(Duration.ofMinutes(10));
          assertThat(policy.mandatoryWindow()).isEqualTo(Duration.ofMinutes(2));
          assertThat(policy.keepAliveAge()).isEqualTo(Duration.ofDays(7));
          // The keeper refreshes at that age: 8 days old is due, 5 days is not.
          TokenKeeper keeper = context.getBean(TokenKeeper.class);
          Instant now = Instant.now();
          assertThat(keeper.isDue(record("a.amocrm.ru", "x", now.minus(Duration.ofDays(8))), now))
              .isTrue();
          assertThat(keeper.isDue(record("a.amocrm.ru", "x", now.minus(Duration.ofDays(5))), now))
              .isFalse();
        });
    runner.run(context -> {
      TokenKeeper keeper = context.getBean(TokenKeeper.class);
      Instant now = Instant.now();
      assertThat(keeper.isDue(record("a.amocrm.ru", "x", now.minus(Duration.ofDays(8))), now))
          .isFalse();
    });
  }

  @Test
  void keepAliveRunsWithTheContextAndCanBeTurnedOff() {
    runner.withPropertyValues("amocrm.keep-alive.interval=2m").run(context -> {
      TokenKeeper keeper = context.getBean(TokenKeeper.class);
      assertThat(keeper.toString()).contains("every PT2M");
      KeeperLifecycle lifecycle = context.getBean(KeeperLifecycle.class);
      assertThat(lifecycle.isRunning()).isTrue();
      context.close();
      assertThat(lifecycle.isRunning()).isFalse();
      assertThatThrownBy(keeper::start).isInstanceOf(IllegalStateException.class);
    });
    runner.withPropertyValues("amocrm.keep-alive.enabled=false").run(context -> {
      assertThat(context).doesNotHaveBean(TokenKeeper.class);
      assertThat(context).doesNotHaveBean(KeeperLifecycle.class);
    });
  }

  @Test
  void keepAliveRefreshesAnAgedGrantThroughTheSingleAccountsClient() {
    runner.withPropertyValues("amocrm.account-domain=" + amo().accountDomain(),
        "amocrm.refresh.keep-alive-age=7d").run(context -> {
          AmoCrmClient client = context.getBean(AmoCrmClient.class);
          client.tokens().authorize(amo().issueAuthorizationCode());
          TokenStore store = context.getBean(TokenStore.class);
          TokenRecord fresh = store.load(client.grantKey()).orElseThrow();
          TokenKeeper keeper = context.getBean(TokenKeeper.class);
          assertThat(keeper.runOnce().refreshed()).isEmpty();
          // The same pair, issued 8 days ago: past the 7-day keep-alive age.
          store.write(new TokenRecord(fresh.key(), fresh.accessToken(), fresh.refreshToken(),
              fresh.expiresAt(), fresh.issuedAt().minus(Duration.ofDays(8)),
              fresh.accountDomain(), fresh.version() + 1));
          int before = amo().successfulRefreshes();
          assertThat(keeper.runOnce().refreshed()).containsExactly(client.grantKey());
          assertThat(amo().successfulRefreshes()).isEqualTo(before + 1);
          assertThat(store.load(client.grantKey()).orElseThrow().accessToken())
              .isNotEqualTo(fresh.accessToken());
        });
  }

  /** A budget that grants every turn and counts them, standing in for a JDBC or Redis one. */
  private static final class CountingBudget implements RateBudget {
    final AtomicInteger taken = new AtomicInteger();
    final AtomicInteger released = new AtomicInteger();

    @Override
    public Take tryTake(Scope scope, RateLimit limit) {
      taken.incrementAndGet();
      return Take.granted(released::incrementAndGet);
    }

    @Override
    public void pause(Scope scope, Duration pause) {}

    @Override
    public void ban(Scope scope, Duration coolDown) {}
  }

  @Test
  void aRateBudgetBeanCountsEveryRequestOfTheClients() {
    runner.withPropertyValues("amocrm.account-domain=" + amo().accountDomain())
        .withBean(RateBudget.class, CountingBudget::new)
        .run(context -> {
          CountingBudget budget = (CountingBudget) context.getBean(RateBudget.class);
          AmoCrmClient client = context.getBean(AmoCrmClient.class);
          client.tokens().authorize(amo().issueAuthorizationCode());
          client.account();
          client.account();
          assertThat(budget.taken).hasValue(2); // the token endpoint takes no turn
          assertThat(budget.released).hasValue(2);
        });
  }

  // ---- back-off: the application's own beans win ----

  @Test
  void theAppsTokenStoreWinsAndTheClientUsesIt() {
    InMemoryTokenStore mine = new InMemoryTokenStore("mine");
    runner.withBean(TokenStore.class, () -> mine)
        .withPropertyValues("amocrm.account-domain=" + amo().accountDomain(),
            "amocrm.store.order=jdbc") // would fail if ours were built
        .run(context -> {
          assertThat(context).hasSingleBean(TokenStore.class);
          assertThat(context.getBean(TokenStore.class)).isSameAs(mine);
          context.getBean(AmoCrmClient.class).tokens().authorize(amo().issueAuthorizationCode());
          assertThat(mine.load(GrantKey.of(amo().accountDomain()))).isPresent();
        });
  }

  @Test
  void theAppsClientWins() {
    AmoCrmClient mine = AmoCrmClient.builder().accountDomain("mine.amocrm.ru").clientId("i")
        .clientSecret("s").redirectUri("https://a.example/cb").tokenStore(new InMemoryTokenStore())
        .build();
    runner.withBean(AmoCrmClient.class, () -> mine)
        .withPropertyValues("amocrm.account-domain=" + amo().accountDomain())
        .run(context -> {
          assertThat(context).hasSingleBean(AmoCrmClient.class);
          assertThat(context.getBean(AmoCrmClient.class)).isSameAs(mine);
        });
  }

  @Test
  void theAppsHealthCheckAndKeeperWin() {
    TokenStore store = new InMemoryTokenStore();
    TokenHealthCheck check = TokenHealthCheck.of(store);
    TokenKeeper keeper = TokenKeeper.builder(store, key -> {
      throw new AssertionError();
    }).build();
    runner.withBean(TokenHealthCheck.class, () -> check).withBean(TokenKeeper.class, () -> keeper)
        .run(context -> {
          assertThat(context.getBean(TokenHealthCheck.class)).isSameAs(check);
          assertThat(context.getBean(TokenKeeper.class)).isSameAs(keeper);
          // The app's keeper is started and stopped with the context, like ours.
          assertThat(context.getBean(KeeperLifecycle.class).isRunning()).isTrue();
        });
    assertThatThrownBy(keeper::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theAppsTokenListenerHearsTheClientsEvents() {
    List<String> heard = new CopyOnWriteArrayList<>();
    TokenListener listener = new TokenListener() {
      @Override
      public void onRefreshed(TokenStatus status) {
        heard.add("refreshed " + status.key());
      }
    };
    runner.withBean(TokenListener.class, () -> listener)
        .withPropertyValues("amocrm.account-domain=" + amo().accountDomain())
        .run(context -> {
          AmoCrmClient client = context.getBean(AmoCrmClient.class);
          client.tokens().authorize(amo().issueAuthorizationCode());
          client.tokens().refresh();
          assertThat(heard).contains("refreshed " + client.grantKey());
        });
  }

  @Test
  void everyTokenListenerBeanHearsEvenWhenAnotherThrows() {
    List<String> heard = new CopyOnWriteArrayList<>();
    TokenListener throwing = new TokenListener() {
      @Override
      public void onRefreshed(TokenStatus status) {
        heard.add("first");
        throw new IllegalStateException("listener bug");
      }
    };
    TokenListener second = new TokenListener() {
      @Override
      public void onRefreshed(TokenStatus status) {
        heard.add("second");
      }
    };
    runner.withBean("first", TokenListener.class, () -> throwing)
        .withBean("second", TokenListener.class, () -> second)
        .withPropertyValues("amocrm.account-domain=" + amo().accountDomain())
        .run(context -> {
          AmoCrmClient client = context.getBean(AmoCrmClient.class);
          client.tokens().authorize(amo().issueAuthorizationCode());
          heard.clear();
          client.tokens().refresh();
          assertThat(heard).containsExactly("first", "second");
        });
  }

  @Test
  void okHttp5WinsOverSpringBootsManagedVersion() {
    assertThat(okhttp3.OkHttp.VERSION).startsWith("5.");
  }

  static String stackText(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      s.append(c).append('\n');
    }
    return s.toString();
  }

}
