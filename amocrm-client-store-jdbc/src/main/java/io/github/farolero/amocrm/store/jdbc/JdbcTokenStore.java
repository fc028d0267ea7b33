package io.github.farolero.amocrm.store.jdbc;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.StoreInfo;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TokenStore} in a table of your database, reached through any {@link DataSource} (a
 * HikariCP pool, your application server's pool, a plain driver data source). Its lock is a
 * cluster-wide lease in the same table, so every process and host sharing the database refreshes
 * a grant once per expiry.
 *
 * <pre>{@code
 * HikariDataSource pool = new HikariDataSource(config);  // your pool
 * JdbcTokenStore store = JdbcTokenStore.builder()
 *     .dataSource(pool)
 *     .createTableIfMissing(true)                          // or run the schema file yourself
 *     .build();
 * AmoCrmClient client = AmoCrmClient.builder()...tokenStore(store).build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Schema:</b> one table, {@value #DEFAULT_TABLE} by default, one row per grant; the
 *       statement for each database is in the jar ({@link SqlDialect#schemaResource()}).
 *   <li><b>Writes</b> are a compare-and-set on the version ({@code UPDATE ... WHERE grant_key = ?
 *       AND version < ?}), or an {@code INSERT} for the first record of a grant; when two first
 *       writes race, the loser sees the duplicate key and takes the compare-and-set path. Each
 *       statement that changes a row does so whole or not at all: a write of a grant that has a
 *       record is that one {@code UPDATE}, run in auto-commit (one round trip); a delete's two
 *       statements run in one transaction.
 *   <li><b>The lock</b> ({@link #locker()}) is a lease per grant: {@code lease_owner} and
 *       {@code lease_until} taken by a conditional {@code UPDATE} and timed by the database's
 *       clock. It frees itself when a holder dies; a holder whose lease ran out and who writes
 *       anyway is refused by the version check if someone else wrote meanwhile.
 *   <li><b>Failures</b> (database unreachable, timed out, read-only) throw {@link
 *       TokenStoreException}, distinct from "absent", so a {@link
 *       io.github.farolero.amocrm.store.CompositeTokenStore} can step over this store.
 *   <li><b>Encryption</b> of the token columns with {@link TokenCipher} is optional; the grant key
 *       is the associated data, so a row's tokens copied onto another grant do not decrypt.
 *   <li><b>Secrets:</b> SQL is only prepared statements; the table name is validated as an
 *       identifier; tokens never appear in logs, exception messages or {@link #toString()}, and
 *       driver messages are cleaned of them.
 * </ul>
 *
 * <p>Nothing happens in the database until the first operation: building the store does not
 * connect, so an application starts even while the database is down. Thread-safe.
 */
public final class JdbcTokenStore implements TokenStore {

  /** The default table name, the one the shipped schema files create. */
  public static final String DEFAULT_TABLE = SchemaResources.SHIPPED_TABLE;

  private static final Logger log = LoggerFactory.getLogger(JdbcTokenStore.class);

  private final DataSource dataSource;
  private final String tableName;
  private final @Nullable SqlDialect configuredDialect;
  private final boolean createTableIfMissing;
  private final @Nullable TokenCipher cipher;
  private final Duration queryTimeout;
  private final StoreInfo info;
  private final Transactions tx;
  private final LeaseLocker locker;
  private final TokenRows rows;

  /** Resolved on first use (dialect detection, table creation); guarded by this. */
  private volatile @Nullable Statements statements;

  private JdbcTokenStore(Builder b) {
    this.dataSource = Objects.requireNonNull(b.dataSource);
    this.tableName = b.tableName;
    this.configuredDialect = b.dialect;
    this.createTableIfMissing = b.createTableIfMissing;
    this.cipher = b.cipher;
    this.queryTimeout = b.queryTimeout;
    this.info = new StoreInfo(b.name != null ? b.name : "jdbc:" + tableName, true, true);
    this.tx = new Transactions(dataSource, queryTimeout);
    this.locker = new LeaseLocker(tx, this::statements, info.name());
    this.rows = new TokenRows(tx, info.name(), cipher);
  }

  /**
   * Returns a store on a data source with the defaults: table {@value #DEFAULT_TABLE} (which
   * must exist), dialect detected, no encryption.
   *
   * @param dataSource where connections come from
   * @return the store
   */
  public static JdbcTokenStore of(DataSource dataSource) {
    return builder().dataSource(dataSource).build();
  }

  /** {@return a new builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this store's settings} */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.dataSource = dataSource;
    b.tableName = tableName;
    b.dialect = configuredDialect;
    b.createTableIfMissing = createTableIfMissing;
    b.cipher = cipher;
    b.queryTimeout = queryTimeout;
    b.name = info.name().equals("jdbc:" + tableName) ? null : info.name();
    return b;
  }

  /**
   * Returns the dialect: the configured one, or the one detected from the database.
   *
   * @return the dialect
   * @throws TokenStoreException if it had to be detected and the database cannot be reached
   */
  public SqlDialect dialect() {
    return statements().dialect();
  }

  @Override
  public Optional<TokenRecord> load(GrantKey key) {
    Objects.requireNonNull(key, "key == null");
    return rows.load(statements(), key);
  }

  @Override
  public void write(TokenRecord record) {
    Objects.requireNonNull(record, "record == null");
    rows.write(statements(), record);
  }

  @Override
  public boolean delete(GrantKey key) {
    Objects.requireNonNull(key, "key == null");
    return rows.delete(statements(), key);
  }

  @Override
  public List<GrantKey> keys() {
    return rows.keys(statements());
  }

  @Override
  public StoreInfo info() {
    return info;
  }

  /** Returns the cluster-wide lease lock ({@link io.github.farolero.amocrm.store.LockScope#CLUSTER}). */
  @Override
  public Optional<GrantLocker> locker() {
    return Optional.of(locker);
  }

  @Override
  public String toString() {
    Statements s = statements;
    SqlDialect d = s != null ? s.dialect() : configuredDialect;
    return "JdbcTokenStore{" + info.name() + ", dialect=" + (d == null ? "auto" : d)
        + (cipher == null ? "" : ", encrypted with key " + cipher.keyFingerprint()) + '}';
  }

  // --- First use: dialect and table -------------------------------------------------------------

  private Statements statements() {
    Statements s = statements;
    if (s != null) {
      return s;
    }
    synchronized (this) {
      s = statements;
      if (s == null) {
        s = new Statements(configuredDialect != null ? configuredDialect : detectDialect(),
            tableName);
        if (createTableIfMissing) {
          createTable(s);
        }
        statements = s;
      }
      return s;
    }
  }

  private SqlDialect detectDialect() {
    return tx.read("JDBC token store " + info.name() + " could not detect the database", c -> {
      String product = c.getMetaData().getDatabaseProductName();
      return SqlDialect.fromProductName(product).orElseThrow(
          () -> new TokenStoreException("JDBC token store " + info.name()
              + " does not know the database \"" + product + "\"; set dialect(...) to one of "
              + Arrays.toString(SqlDialect.values())));
    });
  }

  private void createTable(Statements s) {
    String ddl = s.dialect().createTableSql(tableName);
    try {
      tx.runOrThrow(c -> {
        try (PreparedStatement ps = tx.prepare(c, ddl)) {
          return ps.execute();
        }
      });
      log.debug("token store {}: table {} exists", info.name(), tableName);
    } catch (SQLException e) {
      // Two processes creating the table at once can collide inside the catalog (PostgreSQL); if
      // the table is there now, the other one won and all is well.
      if (!tableExists(s)) {
        throw SqlFailures.wrap("JDBC token store " + info.name() + " could not create table "
            + tableName, e, List.of());
      }
    }
  }

  private boolean tableExists(Statements s) {
    try {
      return tx.readOrThrow(c -> {
        try (PreparedStatement ps = tx.prepare(c, s.keys + " AND 1 = 0")) {
          ps.executeQuery().close();
          return true;
        }
      });
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /** Builds a {@link JdbcTokenStore}. Setters check their arguments at once. Not thread-safe. */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private String tableName = DEFAULT_TABLE;
    private @Nullable SqlDialect dialect;
    private boolean createTableIfMissing;
    private @Nullable TokenCipher cipher;
    private Duration queryTimeout = Duration.ofSeconds(10);
    private @Nullable String name;

    private Builder() {}

    /**
     * Sets where connections come from. Required. Use a pool: the store takes a connection for
     * each operation and gives it back at once (never holds one while a lock is held).
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
      return this;
    }

    /**
     * Sets the table. Default {@value JdbcTokenStore#DEFAULT_TABLE}.
     *
     * @param tableName an unquoted SQL identifier, optionally schema-qualified
     *     ({@code app.amocrm_tokens}); letters, digits and {@code _}, at most 63 each
     * @return this builder
     * @throws IllegalArgumentException if the name is not such an identifier
     */
    public Builder tableName(String tableName) {
      this.tableName = Identifiers.checkTableName(tableName);
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
     * Creates the table on first use if it does not exist. Default false: create it with your
     * migrations from the schema file ({@link SqlDialect#schemaResource()}).
     *
     * @param create true to create it
     * @return this builder
     */
    public Builder createTableIfMissing(boolean create) {
      this.createTableIfMissing = create;
      return this;
    }

    /**
     * Encrypts the token columns. Default none. Once set, every row must be encrypted: an
     * unencrypted row, or one encrypted with another key, fails to load with {@link
     * io.github.farolero.amocrm.store.TokenDecryptionException} (never garbage tokens).
     *
     * @param cipher the cipher, such as {@code TokenCipher.fromEnvironment(System.getenv(),
     *     TokenCipher.DEFAULT_KEY_VARIABLE)} (empty if the variable is unset; an error if it is
     *     set but blank)
     * @return this builder
     */
    public Builder cipher(TokenCipher cipher) {
      this.cipher = Objects.requireNonNull(cipher, "cipher == null");
      return this;
    }

    /**
     * Sets how long one statement may run before it is cancelled and the operation fails with
     * {@link TokenStoreException}. Default 10 seconds; JDBC counts whole seconds, so it is
     * rounded up. How long to wait for a connection is the pool's setting.
     *
     * <p>On PostgreSQL the store keeps this timeout itself: one daemon thread per JVM ({@code
     * amocrm-jdbc-query-timeouts}, which ends after a second without statements) cancels a
     * statement that runs past it, within 50 ms, as the driver's own timer would, without a
     * timer task per statement. Elsewhere it is the driver's {@code setQueryTimeout}.
     *
     * @param timeout more than zero
     * @return this builder
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
     * Sets the store's name in logs and errors. Default {@code jdbc:<table>}. Never put a JDBC
     * URL here: URLs can carry passwords.
     *
     * @param name the name
     * @return this builder
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
     * Builds the store. Does not connect.
     *
     * @return the store
     * @throws IllegalStateException if no data source was set
     */
    public JdbcTokenStore build() {
      if (dataSource == null) {
        throw new IllegalStateException("dataSource is required");
      }
      return new JdbcTokenStore(this);
    }
  }
}
