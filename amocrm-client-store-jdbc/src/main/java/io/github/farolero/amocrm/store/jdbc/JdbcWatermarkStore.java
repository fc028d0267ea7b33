package io.github.farolero.amocrm.store.jdbc;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.farolero.amocrm.sync.Watermark;
import io.github.farolero.amocrm.sync.WatermarkStore;
import io.github.farolero.amocrm.sync.WatermarkStoreException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WatermarkStore} in a database table, one row per sync cursor, over plain JDBC: the
 * database the app already has (PostgreSQL, MySQL/MariaDB, H2, SQLite) keeps where its amoCRM
 * syncs stand, across restarts and deploys.
 *
 * <pre>{@code
 * WatermarkStore watermarks = JdbcWatermarkStore.builder()
 *     .dataSource(dataSource)
 *     .createTableIfMissing(true)       // or run META-INF/amocrm-client/sql/watermarks-*.sql
 *     .build();
 * EntitySync<Lead> sync = EntitySync.leads(client).store(watermarks).build();
 * }</pre>
 *
 * <p>A save replaces the key's row whole, committed before {@code save} returns: an update, or an
 * insert when the row is missing, each a statement of its own in auto-commit (concurrent first
 * saves of one key all succeed, the last one's row stays; no transaction holds a lock another
 * saver waits on). The ids seen at the watermark's second are kept as a JSON array. SQL only
 * through prepared statements; the table name is checked as an identifier. Thread-safe.
 */
public final class JdbcWatermarkStore implements WatermarkStore {

  /** The table name the shipped schema files use, the default. */
  public static final String DEFAULT_TABLE = "amocrm_sync_watermarks";

  private static final JsonAdapter<List<String>> IDS = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(List.class, String.class));

  private final DataSource dataSource;
  private final String table;
  private final @Nullable SqlDialect configuredDialect;
  private final boolean createTableIfMissing;
  private final Clock clock;
  private volatile boolean ready;

  private JdbcWatermarkStore(Builder b) {
    this.dataSource = Objects.requireNonNull(b.dataSource, "dataSource is required");
    this.table = b.table;
    this.configuredDialect = b.dialect;
    this.createTableIfMissing = b.createTableIfMissing;
    this.clock = b.clock;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<Watermark> load(String key) {
    Objects.requireNonNull(key, "key == null");
    prepare();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT from_second, seen_ids FROM " + table
            + " WHERE sync_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long from = rs.getLong(1);
        String ids = rs.getString(2);
        List<String> seen = ids == null ? List.of() : IDS.fromJson(ids);
        return Optional.of(new Watermark(Instant.ofEpochSecond(from),
            new HashSet<>(seen == null ? List.of() : seen)));
      }
    } catch (SQLException | IOException | RuntimeException e) {
      throw new WatermarkStoreException("JDBC watermark store (table " + table
          + ") could not load key " + key + ": " + e, e);
    }
  }

  @Override
  public void save(String key, Watermark watermark) {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(watermark, "watermark == null");
    prepare();
    List<String> sorted = new ArrayList<>(watermark.seen());
    sorted.sort(null);
    String ids = IDS.toJson(sorted);
    long from = watermark.from().getEpochSecond();
    long now = clock.millis();
    // Each statement changes one row whole or not at all, in auto-commit: an UPDATE of the row,
    // else an INSERT of it, else (another process inserted it meanwhile: a duplicate key, or on
    // InnoDB a deadlock between the two inserts) the UPDATE again. No transaction spans them, so
    // none holds a gap lock another saver waits on.
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      if (!auto) {
        c.setAutoCommit(true);
      }
      try {
        SQLException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
          if (update(c, key, from, ids, now) == 1) {
            return;
          }
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
              + " (sync_key, from_second, seen_ids, saved_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, key);
            ps.setLong(2, from);
            ps.setString(3, ids);
            ps.setLong(4, now);
            ps.executeUpdate();
            return;
          } catch (SQLException e) {
            last = e; // the row appeared meanwhile (or the insert lost a deadlock): update it
          }
        }
        throw last;
      } finally {
        if (!auto) {
          c.setAutoCommit(false);
        }
      }
    } catch (SQLException | RuntimeException e) {
      throw new WatermarkStoreException("JDBC watermark store (table " + table
          + ") could not save key " + key + ": " + e, e);
    }
  }

  private int update(Connection c, String key, long from, String ids, long now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + table
        + " SET from_second = ?, seen_ids = ?, saved_at = ? WHERE sync_key = ?")) {
      ps.setLong(1, from);
      ps.setString(2, ids);
      ps.setLong(3, now);
      ps.setString(4, key);
      return ps.executeUpdate();
    }
  }

  /** Creates the table on first use, if asked to. */
  private void prepare() {
    if (ready || !createTableIfMissing) {
      return;
    }
    synchronized (this) {
      if (ready) {
        return;
      }
      try (Connection c = dataSource.getConnection()) {
        SqlDialect dialect = configuredDialect;
        if (dialect == null) {
          String product = c.getMetaData().getDatabaseProductName();
          dialect = SqlDialect.fromProductName(product).orElseThrow(() ->
              new IllegalStateException("JDBC watermark store does not know the database \""
                  + product + "\"; set dialect(...) to one of "
                  + Arrays.toString(SqlDialect.values())));
        }
        String ddl = SchemaResources.createTable(dialect.watermarkSchemaResource(), DEFAULT_TABLE,
            table);
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
          st.execute(ddl);
        }
        ready = true;
      } catch (SQLException | RuntimeException e) {
        throw new WatermarkStoreException("JDBC watermark store could not create table " + table
            + ": " + e, e);
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcWatermarkStore{table=" + table + '}';
  }

  /** Builds a {@link JdbcWatermarkStore}. Setters check their arguments at once. Not thread-safe. */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private @Nullable SqlDialect dialect;
    private boolean createTableIfMissing;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the database. Required.
     *
     * @param dataSource a pooled data source, typically
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
      return this;
    }

    /**
     * Sets the table. Default {@value JdbcWatermarkStore#DEFAULT_TABLE}.
     *
     * @param tableName a plain SQL identifier, optionally schema-qualified
     * @return this builder
     * @throws IllegalArgumentException if it is not one
     */
    public Builder tableName(String tableName) {
      this.table = Identifiers.checkTableName(Objects.requireNonNull(tableName,
          "tableName == null"));
      return this;
    }

    /**
     * Sets the database's dialect, for {@link #createTableIfMissing}. Default: detected from the
     * driver's product name.
     *
     * @param dialect the dialect
     * @return this builder
     */
    public Builder dialect(SqlDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect == null");
      return this;
    }

    /**
     * Creates the table on first use if it is missing. Default false: run the schema file in
     * your migrations.
     *
     * @param create true to create it
     * @return this builder
     */
    public Builder createTableIfMissing(boolean create) {
      this.createTableIfMissing = create;
      return this;
    }

    /**
     * Sets the clock of the {@code saved_at} column. Default the system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Builds the store. It touches the database on first use, not here.
     *
     * @return the store
     * @throws IllegalStateException if no data source was set
     */
    public JdbcWatermarkStore build() {
      if (dataSource == null) {
        throw new IllegalStateException("dataSource is required: call dataSource(DataSource)");
      }
      return new JdbcWatermarkStore(this);
    }
  }
}
