package io.github.farolero.amocrm.store.jdbc;

import io.github.farolero.amocrm.RateBudget;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.error.RateBudgetException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RateBudget} in two tables of the database your tokens already live in (PostgreSQL,
 * MySQL/MariaDB; H2 and SQLite for tests): every process and host that reaches the database takes
 * its turns from one count, kept on the database's clock.
 *
 * <pre>{@code
 * AmoCrmClient client = AmoCrmClient.builder()
 *     ...
 *     .rateBudget(JdbcRateBudget.of(dataSource)
 *         .withFallback(RateBudget.Fallback.localShare(4)))  // 4 processes at most
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Schema:</b> {@code amocrm_rate_scopes} (a scope's 429 pause and 403 ban) and {@code
 *       amocrm_rate_slots} (a scope's numbered turns), from the file for each database in the jar
 *       ({@link SqlDialect#rateBudgetSchemaResource()}), or created on first use with {@link
 *       Builder#createTableIfMissing}. A scope's slot rows are inserted the first time this
 *       budget sees the scope with that many requests; the JVM remembers it.
 *   <li><b>Round trips:</b> a granted turn is one {@code UPDATE} that picks and claims a free slot,
 *       its release one {@code UPDATE}: two statements per request, each in auto-commit. When no
 *       slot is free, one more {@code SELECT} reads how long to wait.
 *   <li><b>A dead process</b> (killed, never released) holds its slot for the lease at most
 *       ({@link Builder#lease}, default 2 minutes), then anyone may take it. A request that
 *       outlives the lease may let one more request into its window; such a late release is
 *       logged as a warning.
 *   <li><b>Failures</b> (database unreachable, timed out, tables missing) throw {@link
 *       RateBudgetException}; the client then does what {@link #fallback()} says: fail by
 *       default, or send under a declared local share.
 * </ul>
 *
 * <p>Nothing happens in the database until the first turn: building the budget does not connect.
 * Thread-safe.
 */
public final class JdbcRateBudget implements RateBudget {

  /** The default table prefix: tables {@code amocrm_rate_scopes} and {@code amocrm_rate_slots}. */
  public static final String DEFAULT_TABLE_PREFIX = BudgetStatements.SHIPPED_PREFIX;

  private final DataSource dataSource;
  private final String tablePrefix;
  private final @Nullable SqlDialect configuredDialect;
  private final boolean createTableIfMissing;
  private final Duration lease;
  private final long leaseMicros;
  private final Duration queryTimeout;
  private final Fallback fallback;
  private final String name;
  private final BudgetRows rows;

  /** Resolved on first use (dialect detection, table creation); guarded by this. */
  private volatile @Nullable BudgetStatements statements;

  private JdbcRateBudget(Builder b) {
    this.dataSource = Objects.requireNonNull(b.dataSource);
    this.tablePrefix = b.tablePrefix;
    this.configuredDialect = b.dialect;
    this.createTableIfMissing = b.createTableIfMissing;
    this.lease = b.lease;
    this.leaseMicros = b.lease.toNanos() / 1_000;
    this.queryTimeout = b.queryTimeout;
    this.fallback = b.fallback;
    this.name = b.name != null ? b.name : "jdbc:" + tablePrefix;
    this.rows = new BudgetRows(dataSource, queryTimeout);
  }

  /**
   * Returns a budget on a data source with the defaults: tables {@code amocrm_rate_scopes} and
   * {@code amocrm_rate_slots} (which must exist), dialect detected, a 2-minute lease, and
   * {@link Fallback#fail()} while the database is down.
   *
   * @param dataSource where connections come from, typically the token store's pool
   * @return the budget
   */
  public static JdbcRateBudget of(DataSource dataSource) {
    return builder().dataSource(dataSource).build();
  }

  /** {@return a new builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this budget's settings} */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.dataSource = dataSource;
    b.tablePrefix = tablePrefix;
    b.dialect = configuredDialect;
    b.createTableIfMissing = createTableIfMissing;
    b.lease = lease;
    b.queryTimeout = queryTimeout;
    b.fallback = fallback;
    b.name = name.equals("jdbc:" + tablePrefix) ? null : name;
    return b;
  }

  /**
   * Returns the dialect: the configured one, or the one detected from the database.
   *
   * @return the dialect
   * @throws RateBudgetException if it had to be detected and the database cannot be reached
   */
  public SqlDialect dialect() {
    return statements().dialect;
  }

  /**
   * Tries to take a turn: one {@code UPDATE} when a slot is free, else that and one {@code
   * SELECT} for the wait (the slots are created first if this budget has not seen the scope with
   * this many requests).
   *
   * @throws RateBudgetException if the database cannot be reached or refuses
   */
  @Override
  public Take tryTake(Scope scope, RateLimit limit) {
    Objects.requireNonNull(scope, "scope == null");
    Objects.requireNonNull(limit, "limit == null");
    BudgetStatements s = statements();
    String key = scope.key();
    long windowMicros = limit.window().toNanos() / 1_000;
    try {
      rows.ensureSlots(s, key, limit.requests());
      String owner = BudgetRows.newOwner();
      if (rows.take(s, owner, leaseMicros, key, limit.requests())) {
        return Take.granted(new BudgetTurn(rows, s, key, owner, windowMicros, name, lease));
      }
      return rows.waitOrBan(s, key, limit.requests(), windowMicros);
    } catch (SQLException e) {
      throw SqlFailures.wrapBudget("JDBC rate budget " + name + " could not take a turn in "
          + key, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws RateBudgetException if the database cannot be reached or refuses
   */
  @Override
  public void pause(Scope scope, Duration pause) {
    Objects.requireNonNull(scope, "scope == null");
    Objects.requireNonNull(pause, "pause == null");
    try {
      rows.extend(statements(), statements().pause, scope.key(), micros(pause));
    } catch (SQLException e) {
      throw SqlFailures.wrapBudget("JDBC rate budget " + name + " could not pause "
          + scope.key(), e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws RateBudgetException if the database cannot be reached or refuses
   */
  @Override
  public void ban(Scope scope, Duration coolDown) {
    Objects.requireNonNull(scope, "scope == null");
    Objects.requireNonNull(coolDown, "coolDown == null");
    try {
      rows.extend(statements(), statements().ban, scope.key(), micros(coolDown));
    } catch (SQLException e) {
      throw SqlFailures.wrapBudget("JDBC rate budget " + name + " could not ban "
          + scope.key(), e);
    }
  }

  private static long micros(Duration d) {
    return Math.max(0, d.toNanos() / 1_000);
  }

  @Override
  public Fallback fallback() {
    return fallback;
  }

  /**
   * Returns this budget with another {@linkplain #fallback() fallback}, on the same tables.
   *
   * @param fallback what to do while the database cannot be reached
   * @return the budget
   */
  @Override
  public JdbcRateBudget withFallback(Fallback fallback) {
    return newBuilder().fallback(fallback).build();
  }

  @Override
  public String toString() {
    BudgetStatements s = statements;
    SqlDialect d = s != null ? s.dialect : configuredDialect;
    return "JdbcRateBudget{" + name + ", dialect=" + (d == null ? "auto" : d) + ", lease="
        + lease + ", when down: " + fallback + '}';
  }

  // --- First use: dialect and tables ------------------------------------------------------------

  private BudgetStatements statements() {
    BudgetStatements s = statements;
    if (s != null) {
      return s;
    }
    synchronized (this) {
      s = statements;
      if (s == null) {
        SqlDialect d = configuredDialect;
        try {
          if (d == null) {
            String product = rows.productName();
            d = SqlDialect.fromProductName(product).orElseThrow(() -> new RateBudgetException(
                "JDBC rate budget " + name + " does not know the database \"" + product
                    + "\"; set dialect(...) to one of " + Arrays.toString(SqlDialect.values()),
                null));
          }
          s = new BudgetStatements(d, tablePrefix);
          if (createTableIfMissing) {
            rows.createTables(SchemaResources.statementsWithPrefix(d.rateBudgetSchemaResource(),
                BudgetStatements.SHIPPED_PREFIX, tablePrefix));
          }
        } catch (SQLException e) {
          throw SqlFailures.wrapBudget("JDBC rate budget " + name
              + (d == null ? " could not detect the database" : " could not create its tables"),
              e);
        }
        statements = s;
      }
      return s;
    }
  }

  /** Builds a {@link JdbcRateBudget}. Setters check their arguments at once. Not thread-safe. */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private String tablePrefix = DEFAULT_TABLE_PREFIX;
    private @Nullable SqlDialect dialect;
    private boolean createTableIfMissing;
    private Duration lease = Duration.ofMinutes(2);
    private Duration queryTimeout = Duration.ofSeconds(5);
    private Fallback fallback = Fallback.fail();
    private @Nullable String name;

    private Builder() {}

    /**
     * Sets where connections come from. Required. Use a pool (the token store's is fine): each
     * take and release borrows a connection for one statement.
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
      return this;
    }

    /**
     * Sets the tables' prefix: the tables are {@code <prefix>_scopes} and {@code
     * <prefix>_slots}. Default {@value JdbcRateBudget#DEFAULT_TABLE_PREFIX}.
     *
     * @param tablePrefix an unquoted SQL identifier, optionally schema-qualified ({@code
     *     app.amocrm_rate}); letters, digits and {@code _}, at most 56 so that the names fit
     * @return this builder
     * @throws IllegalArgumentException if the prefix does not make such identifiers
     */
    public Builder tablePrefix(String tablePrefix) {
      Objects.requireNonNull(tablePrefix, "tablePrefix == null");
      Identifiers.checkTableName(tablePrefix + "_scopes");
      this.tablePrefix = tablePrefix;
      return this;
    }

    /**
     * Sets the dialect. Default: detected from the database on first use.
     *
     * @param dialect the dialect
     * @return this builder
     */
    public Builder dialect(SqlDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect == null");
      return this;
    }

    /**
     * Creates the tables on first use if they do not exist. Default false: create them with your
     * migrations from the schema file ({@link SqlDialect#rateBudgetSchemaResource()}).
     *
     * @param create true to create them
     * @return this builder
     */
    public Builder createTableIfMissing(boolean create) {
      this.createTableIfMissing = create;
      return this;
    }

    /**
     * Sets how long a turn that is never released (its process died) holds its slot. Default 2
     * minutes: a turn is released when the response's headers arrive, which the HTTP client's
     * timeouts bound far below that. A request that outlives the lease may let one more request
     * into its window.
     *
     * @param lease more than zero
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder lease(Duration lease) {
      Objects.requireNonNull(lease, "lease == null");
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("lease <= 0: " + lease);
      }
      this.lease = lease;
      return this;
    }

    /**
     * Sets how long one statement may run before it is cancelled and the take fails with {@link
     * RateBudgetException} (then the fallback applies). Default 5 seconds; rounded up to whole
     * seconds (JDBC's unit). How long to wait for a connection is the pool's setting.
     *
     * @param timeout more than zero
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder queryTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "queryTimeout == null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("queryTimeout <= 0: " + timeout);
      }
      this.queryTimeout = timeout;
      return this;
    }

    /**
     * Sets what a client does while the database cannot be reached. Default {@link
     * Fallback#fail()}.
     *
     * @param fallback the fallback, such as {@code Fallback.localShare(4)}
     * @return this builder
     */
    public Builder fallback(Fallback fallback) {
      this.fallback = Objects.requireNonNull(fallback, "fallback == null");
      return this;
    }

    /**
     * Sets the budget's name in logs and errors. Default {@code jdbc:<prefix>}. Never put a JDBC
     * URL here: URLs can carry passwords.
     *
     * @param name the name
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name == null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name is blank");
      }
      this.name = name;
      return this;
    }

    /**
     * Builds the budget. Does not connect.
     *
     * @return the budget
     * @throws IllegalStateException if no data source was set
     */
    public JdbcRateBudget build() {
      if (dataSource == null) {
        throw new IllegalStateException("dataSource is required");
      }
      return new JdbcRateBudget(this);
    }
  }
}
