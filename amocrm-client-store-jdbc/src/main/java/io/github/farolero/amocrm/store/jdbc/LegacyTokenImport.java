package io.github.farolero.amocrm.store.jdbc;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves tokens out of an older application's table
 * {@code tokens(service, access_token, refresh_token, expires_at, created_at)} into any {@link
 * TokenStore} (usually a {@link JdbcTokenStore}). Run it once, when switching over; running it
 * again changes nothing that is already newer in the store.
 *
 * <pre>{@code
 * LegacyTokenImport.Report report = LegacyTokenImport.builder()
 *     .source(oldDataSource)
 *     .service("amocrm", GrantKey.of("example.amocrm.ru"))   // what each service row is
 *     .build()
 *     .into(jdbcTokenStore);
 * log.info("{}", report);                                     // no tokens in it
 * }</pre>
 *
 * <p><b>Which grant a row becomes.</b> The old table names a {@code service}, not an account, and
 * an account's domain cannot be guessed from it, so the mapping is given: {@link
 * Builder#service(String, GrantKey)} per service name, or {@link Builder#serviceMapper} for a
 * rule ({@link #serviceIsDomain()} reads a service that already is an account domain, such as
 * {@code example.amocrm.ru}). Rows of unmapped services are reported and left alone.
 *
 * <p><b>What is imported.</b> For each grant, the newest row (by {@code created_at}, then
 * {@code expires_at}) becomes a record: its access token, its refresh token (an empty or NULL one
 * makes a long-lived token), {@code expires_at}, and {@code created_at} as the issue time
 * ({@code expires_at} minus 24 hours, amoCRM's access-token lifetime, where {@code created_at} is
 * NULL). It is written only if the store holds nothing for the grant or an older pair (by issue
 * time); a store that holds the same or a newer pair keeps it. The old table is only read.
 *
 * <p><b>Times</b> may be SQL timestamps (a zone-less one is read in {@link Builder#zone}, UTC by
 * default), Unix seconds or milliseconds, or ISO-8601 text.
 *
 * <p>Immutable and thread-safe; {@link #into} may run more than once.
 */
public final class LegacyTokenImport {

  private static final Logger log = LoggerFactory.getLogger(LegacyTokenImport.class);
  private static final Duration AMOCRM_ACCESS_LIFETIME = Duration.ofHours(24);

  /**
   * What an import did. Holds grant keys, service names and reasons; never a token.
   *
   * @param imported grants whose record was written
   * @param keptNewer grants the store already held as new or newer; not written
   * @param unmappedServices service names no mapping covered, rows left alone
   * @param invalidRows why rows could not be imported (row number and reason), rows left alone
   * @param dryRun true if nothing was written ({@link Builder#dryRun})
   */
  public record Report(List<GrantKey> imported, List<GrantKey> keptNewer,
      List<String> unmappedServices, List<String> invalidRows, boolean dryRun) {

    /**
     * Copies the lists.
     *
     * @param imported grants whose record was written
     * @param keptNewer grants the store already held as new or newer
     * @param unmappedServices service names no mapping covered
     * @param invalidRows why rows could not be imported
     * @param dryRun true if nothing was written
     */
    public Report {
      imported = List.copyOf(imported);
      keptNewer = List.copyOf(keptNewer);
      unmappedServices = List.copyOf(unmappedServices);
      invalidRows = List.copyOf(invalidRows);
    }
  }

  private final DataSource source;
  private final String table;
  private final Function<String, @Nullable GrantKey> mapper;
  private final ZoneId zone;
  private final boolean dryRun;

  private LegacyTokenImport(Builder b) {
    this.source = Objects.requireNonNull(b.source);
    this.table = b.table;
    Map<String, GrantKey> explicit = Map.copyOf(b.services);
    Function<String, @Nullable GrantKey> rule = b.mapper;
    this.mapper = service -> {
      GrantKey k = explicit.get(service);
      return k != null || rule == null ? k : rule.apply(service);
    };
    this.zone = b.zone;
    this.dryRun = b.dryRun;
  }

  /** {@return a new builder} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return a mapping that reads a service name which is itself an amoCRM or Kommo account
   * domain ({@code example.amocrm.ru}, {@code x.kommo.com}) as that account's grant} Other names
   * map to nothing.
   */
  public static Function<String, @Nullable GrantKey> serviceIsDomain() {
    return service -> {
      String s = service.trim().toLowerCase(Locale.ROOT);
      boolean account = s.endsWith(".amocrm.ru") || s.endsWith(".amocrm.com")
          || s.endsWith(".kommo.com");
      if (!account) {
        return null;
      }
      try {
        return GrantKey.of(s);
      } catch (IllegalArgumentException e) {
        return null;
      }
    };
  }

  /**
   * Reads the old table and writes what it holds into a store.
   *
   * @param target where the records go
   * @return what was done
   * @throws io.github.farolero.amocrm.store.TokenStoreException if the old table cannot be read,
   *     or the target fails; records written before the failure stay written (each write is
   *     atomic on its own)
   */
  public Report into(TokenStore target) {
    Objects.requireNonNull(target, "target == null");
    Transactions tx = new Transactions(source, Duration.ofSeconds(60));
    List<String> unmapped = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    Map<GrantKey, TokenRecord> newest = new LinkedHashMap<>();
    tx.read("legacy token import could not read table " + table, c -> {
      String sql = "SELECT service, access_token, refresh_token, expires_at, created_at FROM "
          + table;
      try (PreparedStatement ps = tx.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        LegacyTimes.Column expiresColumn = LegacyTimes.column(meta, 4, zone);
        LegacyTimes.Column createdColumn = LegacyTimes.column(meta, 5, zone);
        int row = 0;
        while (rs.next()) {
          row++;
          String service = rs.getString(1);
          if (service == null) {
            invalid.add("row " + row + ": service is NULL");
            continue;
          }
          GrantKey key = mapper.apply(service);
          if (key == null) {
            if (!unmapped.contains(service)) {
              unmapped.add(service);
            }
            continue;
          }
          TokenRecord candidate;
          try {
            candidate = record(rs, key, expiresColumn, createdColumn);
          } catch (IllegalArgumentException e) {
            invalid.add("row " + row + " (" + key + "): " + e.getMessage());
            continue;
          }
          TokenRecord seen = newest.get(key);
          if (seen == null || newer(candidate, seen)) {
            newest.put(key, candidate);
          }
        }
      }
      return null;
    });

    List<GrantKey> imported = new ArrayList<>();
    List<GrantKey> kept = new ArrayList<>();
    for (TokenRecord candidate : newest.values()) {
      GrantKey key = candidate.key();
      Optional<TokenRecord> stored = target.load(key);
      if (stored.isPresent() && (stored.get().sameTokens(candidate)
          || !stored.get().issuedAt().isBefore(candidate.issuedAt()))) {
        kept.add(key);
        continue;
      }
      TokenRecord next = candidate.withVersion(stored.map(r -> r.version() + 1).orElse(1L));
      if (dryRun) {
        imported.add(key);
        continue;
      }
      try {
        target.write(next);
        imported.add(key);
        log.info("imported tokens of {} from table {} into {}: access {} valid until {}", key,
            table, target.info().name(), next.accessTokenFingerprint(), next.expiresAt());
      } catch (TokenVersionConflictException e) {
        kept.add(key); // written meanwhile by a running application: that record is newer
      }
    }
    Report report = new Report(imported, kept, unmapped, invalid, dryRun);
    log.info("legacy token import from {}: {} imported, {} kept newer, unmapped services {},"
        + " {} invalid rows{}", table, imported.size(), kept.size(), unmapped, invalid.size(),
        dryRun ? " (dry run: nothing written)" : "");
    return report;
  }

  /**
   * Makes the record of one mapped row.
   *
   * @throws IllegalArgumentException saying why the row is not a record (never with a token)
   */
  private static TokenRecord record(ResultSet rs, GrantKey key, LegacyTimes.Column expiresColumn,
      LegacyTimes.Column createdColumn) throws SQLException {
    String access = rs.getString(2);
    String refresh = rs.getString(3);
    if (access == null || access.isBlank()) {
      throw new IllegalArgumentException("access_token is empty");
    }
    Instant expiresAt = expiresColumn.read(rs);
    Instant createdAt = createdColumn.read(rs);
    if (expiresAt == null) {
      throw new IllegalArgumentException("expires_at is NULL");
    }
    Instant issuedAt = createdAt != null ? createdAt : expiresAt.minus(AMOCRM_ACCESS_LIFETIME);
    return new TokenRecord(key, access.trim(),
        refresh == null || refresh.isBlank() ? null : refresh.trim(),
        expiresAt, issuedAt, key.domain(), 1);
  }

  private static boolean newer(TokenRecord a, TokenRecord b) {
    int byIssue = a.issuedAt().compareTo(b.issuedAt());
    return byIssue != 0 ? byIssue > 0 : a.expiresAt().isAfter(b.expiresAt());
  }

  @Override
  public String toString() {
    return "LegacyTokenImport{table=" + table + ", zone=" + zone + (dryRun ? ", dryRun" : "")
        + '}';
  }

  /** Builds a {@link LegacyTokenImport}. Not thread-safe. */
  public static final class Builder {
    private @Nullable DataSource source;
    private String table = "tokens";
    private final Map<String, GrantKey> services = new HashMap<>();
    private @Nullable Function<String, @Nullable GrantKey> mapper;
    private ZoneId zone = ZoneOffset.UTC;
    private boolean dryRun;

    private Builder() {}

    /**
     * Sets the database holding the old table. Required.
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder source(DataSource dataSource) {
      this.source = Objects.requireNonNull(dataSource, "dataSource == null");
      return this;
    }

    /**
     * Sets the old table's name. Default {@code tokens}.
     *
     * @param table an SQL identifier, optionally schema-qualified
     * @return this builder
     * @throws IllegalArgumentException if it is not one
     */
    public Builder table(String table) {
      this.table = Identifiers.checkTableName(table);
      return this;
    }

    /**
     * Maps one service name to a grant. Checked before {@link #serviceMapper}.
     *
     * @param service the value of the {@code service} column, exactly
     * @param key the grant its rows become
     * @return this builder
     */
    public Builder service(String service, GrantKey key) {
      Objects.requireNonNull(service, "service == null");
      Objects.requireNonNull(key, "key == null");
      services.put(service, key);
      return this;
    }

    /**
     * Maps service names by a rule, for names {@link #service} does not cover; the rule returns
     * null to leave a service alone.
     *
     * @param mapper the rule, such as {@link LegacyTokenImport#serviceIsDomain()}
     * @return this builder
     */
    public Builder serviceMapper(Function<String, @Nullable GrantKey> mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper == null");
      return this;
    }

    /**
     * Sets the zone of time columns that carry none (SQL {@code TIMESTAMP}, {@code DATETIME},
     * zone-less text). Default UTC.
     *
     * @param zone the zone the old application wrote in
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone == null");
      return this;
    }

    /**
     * Reports what would be imported without writing anything. Default false.
     *
     * @param dryRun true for a dry run
     * @return this builder
     */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /**
     * Builds the import.
     *
     * @return the import
     * @throws IllegalStateException if no source or no mapping was given
     */
    public LegacyTokenImport build() {
      if (source == null) {
        throw new IllegalStateException("source is required");
      }
      if (services.isEmpty() && mapper == null) {
        throw new IllegalStateException("map the old table's services to grants: service(name,"
            + " key) or serviceMapper(...); the table names no account domain to guess from");
      }
      return new LegacyTokenImport(this);
    }
  }
}
