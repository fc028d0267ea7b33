package io.github.farolero.amocrm.store.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvTokenStoreTest {

  static final String ACCESS = "SECRET-access-9f1c2a7e";
  static final String REFRESH = "SECRET-refresh-44be01d3";

  static Map<String, String> oldDeployment() {
    Map<String, String> env = new HashMap<>();
    env.put("AMOCRM_DOMAIN", "example.amocrm.ru");
    env.put("AMOCRM_ACCESS_TOKEN", ACCESS);
    env.put("AMOCRM_REFRESH_TOKEN", REFRESH);
    env.put("AMOCRM_TOKEN_EXPIRES_AT", "1767225600");
    return env;
  }

  /** A JWT shaped like amoCRM's, unsigned: only its claims matter here. */
  static String jwt(long exp) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString(("{\"iat\":1700000000,\"exp\":" + exp
            + ",\"api_domain\":\"example.amocrm.ru\"}").getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString(new byte[32]);
  }

  @Test
  void readsTheOldDeploymentsVariablesAsTheOldestPossibleRecord() {
    EnvTokenStore store = EnvTokenStore.of(oldDeployment());
    TokenRecord r = store.load(GrantKey.of("example.amocrm.ru")).orElseThrow();
    assertThat(r.accessToken()).isEqualTo(ACCESS);
    assertThat(r.refreshToken()).isEqualTo(REFRESH);
    assertThat(r.expiresAt()).isEqualTo(Instant.ofEpochSecond(1767225600));
    assertThat(r.issuedAt()).isEqualTo(Instant.EPOCH);
    assertThat(r.version()).isZero();
    assertThat(r.accountDomain()).isEqualTo("example.amocrm.ru");
    assertThat(store.keys()).containsExactly(GrantKey.of("example.amocrm.ru"));
    assertThat(store.info().writable()).isFalse();
    assertThat(store.locker()).isEmpty();
  }

  @Test
  void domainMayComeAsAUrlAndInUpperCase() {
    Map<String, String> env = oldDeployment();
    env.put("AMOCRM_DOMAIN", " https://Example.AMOCRM.ru/ ");
    assertThat(EnvTokenStore.of(env).keys()).containsExactly(GrantKey.of("example.amocrm.ru"));
  }

  @Test
  void expiryComesFromTheJwtWhenNotGiven() {
    Map<String, String> env = oldDeployment();
    env.remove("AMOCRM_TOKEN_EXPIRES_AT");
    env.put("AMOCRM_ACCESS_TOKEN", jwt(1767229200));
    TokenRecord r = EnvTokenStore.of(env).load(GrantKey.of("example.amocrm.ru")).orElseThrow();
    assertThat(r.expiresAt()).isEqualTo(Instant.ofEpochSecond(1767229200));
    assertThat(r.issuedAt()).as("the JWT's iat").isEqualTo(Instant.ofEpochSecond(1700000000));
  }

  /** The builder's clock judges the iat: one far ahead of it is not believed. */
  @Test
  void theClockJudgesTheIssueTime() {
    Map<String, String> env = oldDeployment();
    env.remove("AMOCRM_TOKEN_EXPIRES_AT");
    env.put("AMOCRM_ACCESS_TOKEN", jwt(1767229200));
    GrantKey key = GrantKey.of("example.amocrm.ru");
    Instant iat = Instant.ofEpochSecond(1700000000);
    assertThat(EnvTokenStore.builder().environment(env)
        .clock(Clock.fixed(iat.plusSeconds(60), ZoneOffset.UTC)).build()
        .load(key).orElseThrow().issuedAt()).isEqualTo(iat);
    assertThat(EnvTokenStore.builder().environment(env)
        .clock(Clock.fixed(iat.minusSeconds(60), ZoneOffset.UTC)).build()
        .load(key).orElseThrow().issuedAt()).as("a little ahead: now")
        .isEqualTo(iat.minusSeconds(60));
    assertThat(EnvTokenStore.builder().environment(env)
        .clock(Clock.fixed(iat.minus(Duration.ofDays(1)), ZoneOffset.UTC)).build()
        .load(key).orElseThrow().issuedAt()).as("far ahead: unknown").isEqualTo(Instant.EPOCH);
    assertThatThrownBy(() -> EnvTokenStore.builder().clock(null))
        .isExactlyInstanceOf(NullPointerException.class).hasMessage("clock == null");
  }

  @Test
  void longLivedTokenHasNoRefreshTokenAndExpiresWithItsJwt() {
    Map<String, String> env = new HashMap<>();
    env.put("AMOCRM_DOMAIN", "private.kommo.com");
    env.put("AMOCRM_LONG_LIVED_TOKEN", jwt(1893456000));
    TokenRecord r = EnvTokenStore.of(env).load(GrantKey.of("private.kommo.com")).orElseThrow();
    assertThat(r.isLongLived()).isTrue();
    assertThat(r.expiresAt()).isEqualTo(Instant.ofEpochSecond(1893456000));
    assertThat(r.issuedAt()).isEqualTo(Instant.ofEpochSecond(1700000000));
  }

  @Test
  void prefixesSeedSeveralAccounts() {
    Map<String, String> env = oldDeployment();
    env.put("AMOCRM_SHOP_DOMAIN", "shop.amocrm.com");
    env.put("AMOCRM_SHOP_ACCESS_TOKEN", "SECRET-shop-access");
    env.put("AMOCRM_SHOP_REFRESH_TOKEN", "SECRET-shop-refresh");
    env.put("AMOCRM_SHOP_TOKEN_EXPIRES_AT", "1767225601");
    env.put("AMOCRM_MY_BLOG_DOMAIN", "blog.kommo.com");
    env.put("AMOCRM_MY_BLOG_LONG_LIVED_TOKEN", jwt(1893456000));
    EnvTokenStore store = EnvTokenStore.builder().environment(env)
        .prefix("shop").prefix("MY_BLOG").build();
    assertThat(store.keys()).containsExactlyInAnyOrder(GrantKey.of("example.amocrm.ru"),
        GrantKey.of("shop.amocrm.com"), GrantKey.of("blog.kommo.com"));
    assertThat(store.load(GrantKey.of("shop.amocrm.com")).orElseThrow().refreshToken())
        .isEqualTo("SECRET-shop-refresh");
    assertThat(store.load(GrantKey.of("blog.kommo.com")).orElseThrow().isLongLived()).isTrue();
    assertThat(store.info().name()).isEqualTo("env[AMOCRM_*, AMOCRM_SHOP_*, AMOCRM_MY_BLOG_*]");
    // A prefix that was not asked for is not read.
    assertThat(EnvTokenStore.of(env).keys()).containsExactly(GrantKey.of("example.amocrm.ru"));
  }

  @Test
  void nothingSetMeansNothingStored() {
    assertThat(EnvTokenStore.of(Map.of()).keys()).isEmpty();
    // The domain alone configures a client; it is not a seed.
    assertThat(EnvTokenStore.of(Map.of("AMOCRM_DOMAIN", "example.amocrm.ru")).keys()).isEmpty();
    // Blanked-out variables (a deploy that emptied them after the first rotation) are unset.
    assertThat(EnvTokenStore.of(Map.of("AMOCRM_DOMAIN", "example.amocrm.ru",
        "AMOCRM_ACCESS_TOKEN", "", "AMOCRM_REFRESH_TOKEN", "  ")).keys()).isEmpty();
    assertThat(EnvTokenStore.of(Map.of()).load(GrantKey.of("example.amocrm.ru"))).isEmpty();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("AMOCRM_TOKEN_EXPIRES_AT", "tomorrow-ish"),
        Arguments.of("AMOCRM_TOKEN_EXPIRES_AT", "1767225600000"),
        Arguments.of("AMOCRM_TOKEN_EXPIRES_AT", "-1767225600"),
        Arguments.of("AMOCRM_TOKEN_EXPIRES_AT", "17672256.5"),
        Arguments.of("AMOCRM_TOKEN_EXPIRES_AT", "99999999999999999999999"),
        Arguments.of("AMOCRM_ACCESS_TOKEN", ""),
        Arguments.of("AMOCRM_ACCESS_TOKEN", "SECRET-half\nSECRET-other-half"),
        Arguments.of("AMOCRM_REFRESH_TOKEN", "\"SECRET-quoted-refresh\""),
        Arguments.of("AMOCRM_REFRESH_TOKEN", " "),
        Arguments.of("AMOCRM_DOMAIN", "evil.example.com"),
        Arguments.of("AMOCRM_DOMAIN", "www.amocrm.ru"),
        Arguments.of("AMOCRM_DOMAIN", "../../etc/amocrm.ru"),
        Arguments.of("AMOCRM_DOMAIN", "shop.amocrm.ru.evil.com"),
        Arguments.of("AMOCRM_DOMAIN", ""),
        Arguments.of("AMOCRM_LONG_LIVED_TOKEN", "SECRET-long-lived-but-pair-given-too"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedValueNamesTheVariableNeverTheValue(String variable, String value) {
    Map<String, String> env = oldDeployment();
    env.put(variable, value);
    assertThatThrownBy(() -> EnvTokenStore.of(env))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(variable)
        .satisfies(e -> {
          String m = e.getMessage();
          if (!value.isBlank()) {
            assertThat(m).doesNotContain(value.trim());
          }
          assertThat(m).doesNotContain("SECRET").doesNotContain(ACCESS).doesNotContain(REFRESH);
        });
  }

  @Test
  void expiryIsRequiredWhenTheTokenIsNotAJwt() {
    Map<String, String> env = oldDeployment();
    env.remove("AMOCRM_TOKEN_EXPIRES_AT");
    assertThatThrownBy(() -> EnvTokenStore.of(env))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AMOCRM_TOKEN_EXPIRES_AT")
        .hasMessageNotContaining(ACCESS);
  }

  @Test
  void incompleteSetNamesTheMissingVariable() {
    Map<String, String> env = oldDeployment();
    env.remove("AMOCRM_REFRESH_TOKEN");
    assertThatThrownBy(() -> EnvTokenStore.of(env))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AMOCRM_REFRESH_TOKEN");
    Map<String, String> noDomain = oldDeployment();
    noDomain.remove("AMOCRM_DOMAIN");
    assertThatThrownBy(() -> EnvTokenStore.of(noDomain))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AMOCRM_DOMAIN");
    Map<String, String> onlyRefresh = oldDeployment();
    onlyRefresh.remove("AMOCRM_ACCESS_TOKEN");
    assertThatThrownBy(() -> EnvTokenStore.of(onlyRefresh))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AMOCRM_ACCESS_TOKEN");
  }

  /** The old deployment's variables plus an {@code AMOCRM_SHOP_*} pair, read with its prefix. */
  private static EnvTokenStore withShop(String domain, String expiresAt) {
    Map<String, String> env = oldDeployment();
    env.put("AMOCRM_SHOP_DOMAIN", domain);
    env.put("AMOCRM_SHOP_ACCESS_TOKEN", "SECRET-a");
    env.put("AMOCRM_SHOP_REFRESH_TOKEN", "SECRET-r");
    env.put("AMOCRM_SHOP_TOKEN_EXPIRES_AT", expiresAt);
    return EnvTokenStore.builder().environment(env).prefix("SHOP").build();
  }

  @Test
  void prefixedErrorsNameThePrefixedVariable() {
    assertThatThrownBy(() -> withShop("shop.amocrm.ru", "soon"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AMOCRM_SHOP_TOKEN_EXPIRES_AT")
        .hasMessageNotContaining("soon");
  }

  @Test
  void twoSetsForOneAccountAreRefused() {
    assertThatThrownBy(() -> withShop("example.amocrm.ru", "1767225600"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AMOCRM_DOMAIN").hasMessageContaining("AMOCRM_SHOP_DOMAIN");
  }

  @Test
  void badPrefixesFailAtOnce() {
    assertThatThrownBy(() -> EnvTokenStore.builder().prefix("my shop"))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EnvTokenStore.builder().prefix("AMOCRM_SHOP"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without AMOCRM_");
    assertThatThrownBy(() -> EnvTokenStore.builder().prefix("SHOP").prefix("shop"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> EnvTokenStore.builder().prefix(null))
        .isExactlyInstanceOf(NullPointerException.class).hasMessage("prefix == null");
  }

  @Test
  void isReadOnlyAndSaysSoWithoutTokens() {
    EnvTokenStore store = EnvTokenStore.of(oldDeployment());
    TokenRecord r = store.load(GrantKey.of("example.amocrm.ru")).orElseThrow();
    assertThatThrownBy(() -> store.write(r.withVersion(5)))
        .isExactlyInstanceOf(TokenStoreException.class)
        .hasMessageContaining("read-only")
        .hasMessageNotContaining(ACCESS).hasMessageNotContaining(REFRESH);
    assertThatThrownBy(() -> store.delete(r.key()))
        .isExactlyInstanceOf(TokenStoreException.class).hasMessageContaining("read-only");
    assertThat(store.load(r.key())).contains(r);
    assertThat(store.toString()).doesNotContain(ACCESS).doesNotContain(REFRESH)
        .contains("example.amocrm.ru");
  }

  /** Invariant 6: a seed of unknown age loses to any stored record, whatever the members' order. */
  @Test
  void anyStoredRecordWinsOverTheSeedInTheComposite() {
    EnvTokenStore env = EnvTokenStore.of(oldDeployment());
    GrantKey key = GrantKey.of("example.amocrm.ru");
    InMemoryTokenStore db = new InMemoryTokenStore("db");
    // The seed's tokens are no JWTs: its issue time is unknown, the epoch. Even a record issued
    // long ago, at the lowest version, is newer.
    TokenRecord stored = new TokenRecord(key, "SECRET-stored-access", "SECRET-stored-refresh",
        Instant.parse("2020-01-02T00:00:00Z"), Instant.parse("2020-01-01T00:00:00Z"),
        "example.amocrm.ru", 1);
    db.write(stored);
    assertThat(CompositeTokenStore.of(env, db).load(key).orElseThrow().sameTokens(stored)).isTrue();
    assertThat(CompositeTokenStore.of(db, env).load(key).orElseThrow().sameTokens(stored)).isTrue();
  }

  /**
   * Invariant 6 with a known issue time: every pair refreshed after the seed's token was issued
   * (its refresh token is the live one) wins over the seed, whatever the members' order.
   */
  @Test
  void aPairRefreshedAfterTheSeedWasIssuedWinsOverIt() {
    Map<String, String> env = oldDeployment();
    env.remove("AMOCRM_TOKEN_EXPIRES_AT");
    env.put("AMOCRM_ACCESS_TOKEN", jwt(1700086400)); // iat 1700000000
    EnvTokenStore seed = EnvTokenStore.of(env);
    GrantKey key = GrantKey.of("example.amocrm.ru");
    InMemoryTokenStore db = new InMemoryTokenStore("db");
    TokenRecord refreshed = new TokenRecord(key, "SECRET-refreshed-access",
        "SECRET-refreshed-refresh", Instant.ofEpochSecond(1700000001 + 86400),
        Instant.ofEpochSecond(1700000001), "example.amocrm.ru", 1);
    db.write(refreshed);
    assertThat(CompositeTokenStore.of(seed, db).load(key).orElseThrow().sameTokens(refreshed))
        .isTrue();
    assertThat(CompositeTokenStore.of(db, seed).load(key).orElseThrow().sameTokens(refreshed))
        .isTrue();
  }

  /**
   * amoCRM's clock a little ahead of this host's: the seed's iat is later than the time this
   * process stamps on a pair it refreshes a moment after building the store. The seed counts as
   * issued at the build time, so the live pair still wins.
   */
  @Test
  void aPairRefreshedAfterTheBuildWinsEvenIfAmoCrmsClockIsAhead() {
    Instant hostNow = Instant.ofEpochSecond(1700000000 - 120); // amoCRM is 2 minutes ahead
    Map<String, String> env = oldDeployment();
    env.remove("AMOCRM_TOKEN_EXPIRES_AT");
    env.put("AMOCRM_ACCESS_TOKEN", jwt(1700086400)); // iat 1700000000
    EnvTokenStore seed = EnvTokenStore.builder().environment(env)
        .clock(Clock.fixed(hostNow, ZoneOffset.UTC)).build();
    GrantKey key = GrantKey.of("example.amocrm.ru");
    InMemoryTokenStore db = new InMemoryTokenStore("db");
    TokenRecord refreshed = new TokenRecord(key, "SECRET-refreshed-access",
        "SECRET-refreshed-refresh", hostNow.plus(Duration.ofDays(1)), hostNow.plusSeconds(1),
        "example.amocrm.ru", 1);
    db.write(refreshed);
    assertThat(CompositeTokenStore.of(seed, db).load(key).orElseThrow().sameTokens(refreshed))
        .isTrue();
  }

  @Test
  void theSeedFillsAnEmptyWritableMemberOfTheComposite() {
    EnvTokenStore env = EnvTokenStore.of(oldDeployment());
    GrantKey key = GrantKey.of("example.amocrm.ru");
    InMemoryTokenStore db = new InMemoryTokenStore("db");
    TokenRecord served = CompositeTokenStore.of(db, env).load(key).orElseThrow();
    assertThat(served.accessToken()).isEqualTo(ACCESS);
    assertThat(db.load(key).orElseThrow().sameTokens(served)).isTrue();
    assertThat(db.load(key).orElseThrow().version()).isEqualTo(1);
  }
}
