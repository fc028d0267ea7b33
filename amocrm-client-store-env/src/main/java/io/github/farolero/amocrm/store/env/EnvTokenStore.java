package io.github.farolero.amocrm.store.env;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.StoreInfo;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only {@link TokenStore} seeded from environment variables: the way many deployments hand
 * an app its first tokens.
 *
 * <p>One account per set of variables. The unprefixed set:
 *
 * <table>
 *   <caption>Variables of one account</caption>
 *   <tr><th>variable</th><th>holds</th></tr>
 *   <tr><td>{@code AMOCRM_DOMAIN}</td><td>the account's domain, such as {@code example.amocrm.ru}
 *       (required)</td></tr>
 *   <tr><td>{@code AMOCRM_ACCESS_TOKEN}</td><td>the access token</td></tr>
 *   <tr><td>{@code AMOCRM_REFRESH_TOKEN}</td><td>the refresh token (required with an access
 *       token)</td></tr>
 *   <tr><td>{@code AMOCRM_TOKEN_EXPIRES_AT}</td><td>when the access token expires, unix seconds;
 *       optional if the token is a JWT with an {@code exp} claim (amoCRM's are)</td></tr>
 *   <tr><td>{@code AMOCRM_LONG_LIVED_TOKEN}</td><td>instead of the pair: a long-lived token of a
 *       private integration</td></tr>
 * </table>
 *
 * <p>Further accounts use a prefix: {@code builder().prefix("SHOP")} reads
 * {@code AMOCRM_SHOP_DOMAIN}, {@code AMOCRM_SHOP_ACCESS_TOKEN} and so on. A set whose variables
 * of tokens are all unset or empty holds nothing ({@code AMOCRM_DOMAIN} alone, which may also
 * configure the client, is not a seed).
 *
 * <p><b>A seed, not a backup</b> (design invariant 6). The refresh token in the environment dies
 * at the first refresh, and a process cannot rewrite its own environment. The record this store
 * serves has version 0 and is issued when its token says: the JWT {@code iat} claim of the
 * access token (or of the long-lived token), so the client's keep-alive rule does not refresh a
 * fresh seed on every start of the app. An {@code iat} before 2010 or more than 5 minutes ahead
 * of the {@link Builder#clock(Clock) clock} is not believed, and one ahead by less counts as the
 * clock's time when the store is built, so the seed never ranks newer than a pair this process
 * refreshes later. Without a usable {@code iat} (an opaque token, no claim) the issue time is
 * unknown: {@link Instant#EPOCH}, the oldest possible, which the keep-alive rule leaves alone
 * (the expiry windows still apply). In a {@link
 * io.github.farolero.amocrm.store.CompositeTokenStore} the newest record wins, so any record
 * issued after the seed's token (such as every pair refreshed since) wins over it, and the
 * composite copies the seed into the writable members when they hold nothing. {@link #write} and
 * {@link #delete} throw {@link TokenStoreException}.
 *
 * <p>Variables are read once, when the store is built. Malformed values fail the build with an
 * {@link IllegalArgumentException} that names the variable and never repeats its value.
 *
 * <pre>{@code
 * TokenStore tokens = CompositeTokenStore.of(
 *     FileTokenStore.builder().directory(Path.of(System.getenv("TOKENS_PATH"))).build(),
 *     EnvTokenStore.fromEnvironment());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvTokenStore implements TokenStore {

  /** The prefix of every variable this store reads. */
  private static final String VARIABLE_PREFIX = "AMOCRM_";

  private final Map<GrantKey, TokenRecord> records;
  private final StoreInfo info;

  private EnvTokenStore(Map<GrantKey, TokenRecord> records, String name) {
    this.records = records;
    this.info = new StoreInfo(name, false, false);
  }

  /**
   * Returns a store of the unprefixed account in this process's environment.
   *
   * @return the store; empty if no {@code AMOCRM_*} token variables are set
   * @throws IllegalArgumentException if a variable is malformed (the message names it)
   */
  public static EnvTokenStore fromEnvironment() {
    return builder().build();
  }

  /**
   * Returns a store of the unprefixed account in the given environment.
   *
   * @param environment variable names to values, such as {@link System#getenv()} or a test's map
   * @return the store
   * @throws IllegalArgumentException if a variable is malformed (the message names it)
   */
  public static EnvTokenStore of(Map<String, String> environment) {
    return builder().environment(environment).build();
  }

  /** Returns a builder reading {@link System#getenv()} and the unprefixed account. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the seed of a grant: an account's domain, with no client id.
   *
   * @param key the grant
   * @return the record (version 0; issued at its token's {@code iat}, or at the epoch if that is
   *     unknown), or empty
   */
  @Override
  public Optional<TokenRecord> load(GrantKey key) {
    return Optional.ofNullable(records.get(Objects.requireNonNull(key, "key == null")));
  }

  /**
   * Always fails: the environment is read-only.
   *
   * @throws TokenStoreException always
   */
  @Override
  public void write(TokenRecord record) {
    Objects.requireNonNull(record, "record == null");
    throw readOnly("write " + record.key());
  }

  /**
   * Always fails: the environment is read-only.
   *
   * @throws TokenStoreException always
   */
  @Override
  public boolean delete(GrantKey key) {
    Objects.requireNonNull(key, "key == null");
    throw readOnly("delete " + key);
  }

  @Override
  public List<GrantKey> keys() {
    return List.copyOf(records.keySet());
  }

  /** Returns the name ({@code env}), not writable, not durable. */
  @Override
  public StoreInfo info() {
    return info;
  }

  @Override
  public String toString() {
    return "EnvTokenStore{" + info.name() + ", grants=" + records.keySet() + '}';
  }

  private TokenStoreException readOnly(String operation) {
    return new TokenStoreException("cannot " + operation + ": token store " + info.name()
        + " is read-only (environment variables are a seed); put a writable store such as"
        + " FileTokenStore or JdbcTokenStore before it in a CompositeTokenStore");
  }

  /** Builds an {@link EnvTokenStore}. Not thread-safe. */
  public static final class Builder {
    private Map<String, String> environment = System.getenv();
    private final List<String> prefixes = new ArrayList<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets where variables are read from. Default {@link System#getenv()}. The map is copied
     * when the store is built.
     *
     * @param environment variable names to values
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment == null");
      return this;
    }

    /**
     * Adds an account whose variables carry a prefix: {@code prefix("SHOP")} reads
     * {@code AMOCRM_SHOP_DOMAIN}, {@code AMOCRM_SHOP_ACCESS_TOKEN}, {@code
     * AMOCRM_SHOP_REFRESH_TOKEN}, {@code AMOCRM_SHOP_TOKEN_EXPIRES_AT} and {@code
     * AMOCRM_SHOP_LONG_LIVED_TOKEN}. The unprefixed set is always read too.
     *
     * @param prefix letters and digits, words joined by {@code _}; lower case is upper-cased
     * @return this builder
     * @throws IllegalArgumentException if the prefix is malformed or added twice
     */
    public Builder prefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix == null");
      String p = prefix.trim().toUpperCase(Locale.ROOT);
      if (!p.matches("[A-Z0-9]+(_[A-Z0-9]+)*")) {
        throw new IllegalArgumentException("prefix must be letters and digits joined by '_',"
            + " such as SHOP (it makes AMOCRM_SHOP_ACCESS_TOKEN)");
      }
      if (p.startsWith("AMOCRM_") || p.equals("AMOCRM")) {
        throw new IllegalArgumentException("give the prefix without AMOCRM_: prefix(\"SHOP\")"
            + " reads AMOCRM_SHOP_ACCESS_TOKEN");
      }
      if (prefixes.contains(p)) {
        throw new IllegalArgumentException("prefix added twice: " + p);
      }
      prefixes.add(p);
      return this;
    }

    /**
     * Sets the clock that judges the tokens' {@code iat} claims when the store is built (a claim
     * far in the future is not believed; one a little ahead counts as now). Default {@link
     * Clock#systemUTC()}; give the client's clock in tests.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Reads the variables and builds the store.
     *
     * @return the store
     * @throws IllegalArgumentException if a variable is malformed or missing from a set that is
     *     partly given, or two sets name one account; the message names the variable, never its
     *     value
     */
    public EnvTokenStore build() {
      Map<String, String> env = Map.copyOf(environment);
      Instant now = clock.instant();
      Map<GrantKey, TokenRecord> records = new LinkedHashMap<>();
      Map<GrantKey, String> sources = new LinkedHashMap<>();
      List<String> sets = new ArrayList<>();
      sets.add(VARIABLE_PREFIX);
      for (String p : prefixes) {
        sets.add(VARIABLE_PREFIX + p + "_");
      }
      for (String set : sets) {
        TokenRecord r = EnvSeed.read(env, set, now);
        if (r == null) {
          continue;
        }
        String domainVariable = set + EnvSeed.DOMAIN;
        String earlier = sources.putIfAbsent(r.key(), domainVariable);
        if (earlier != null) {
          throw new IllegalArgumentException(earlier + " and " + domainVariable
              + " name the same account; give each account one set of variables");
        }
        records.put(r.key(), r);
      }
      String name = prefixes.isEmpty() ? "env" : "env" + sets.stream().map(s -> s + "*").toList();
      return new EnvTokenStore(Collections.unmodifiableMap(records), name);
    }
  }
}
