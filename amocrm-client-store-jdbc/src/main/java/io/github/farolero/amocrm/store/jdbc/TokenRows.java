package io.github.farolero.amocrm.store.jdbc;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenDecryptionException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token rows of a {@code JdbcTokenStore}: reads, the compare-and-set write with its
 * first-insert race, delete and listing, each in one transaction; encryption of the token
 * columns when a cipher is set.
 */
final class TokenRows {

  private static final Logger log = LoggerFactory.getLogger(TokenRows.class);
  /** Bound on compare-and-set retries when first writes race or the database reports a deadlock. */
  private static final int WRITE_ATTEMPTS = 10;

  private final Transactions tx;
  private final String storeName;
  private final @Nullable TokenCipher cipher;

  /**
   * Creates the rows' access.
   *
   * @param tx the transaction runner
   * @param storeName the store's name, for messages
   * @param cipher the cipher of the token columns, or null for none
   */
  TokenRows(Transactions tx, String storeName, @Nullable TokenCipher cipher) {
    this.tx = Objects.requireNonNull(tx, "tx == null");
    this.storeName = Objects.requireNonNull(storeName, "storeName == null");
    this.cipher = cipher;
  }

  /**
   * Reads a grant's record.
   *
   * @param s the statements
   * @param key the grant
   * @return the record, or empty
   */
  Optional<TokenRecord> load(Statements s, GrantKey key) {
    return tx.read(() -> failure("read", key), c -> {
      try (PreparedStatement ps = tx.prepare(c, s, s.load)) {
        ps.setString(1, key.id());
        try (ResultSet rs = tx.executeQuery(s, ps)) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(readRecord(s, key, rs));
        }
      }
    });
  }

  private TokenRecord readRecord(Statements s, GrantKey key, ResultSet rs) throws SQLException {
    String access = rs.getString(1);
    String refresh = rs.getString(2);
    Instant expiresAt = s.readInstant(rs, 3);
    Instant issuedAt = s.readInstant(rs, 4);
    String accountDomain = rs.getString(5);
    long version = rs.getLong(6);
    if (expiresAt == null || issuedAt == null || accountDomain == null) {
      throw new TokenStoreException("JDBC token store " + storeName + " holds a damaged row for "
          + key + ": expires_at, issued_at and account_domain must not be NULL");
    }
    if (cipher != null) {
      access = cipher.decrypt(access, key);
      refresh = refresh == null ? null : cipher.decrypt(refresh, key);
    } else if (TokenCipher.isCiphertext(access)) {
      throw new TokenDecryptionException("tokens of " + key
          + " in " + storeName + " are encrypted, but no token encryption key is configured",
          null);
    }
    try {
      return new TokenRecord(key, access, refresh, expiresAt, issuedAt, accountDomain, version);
    } catch (IllegalArgumentException e) {
      throw new TokenStoreException("JDBC token store " + storeName + " holds a damaged row for "
          + key + ": " + e.getMessage());
    }
  }

  /**
   * Writes a record if its version is newer than the stored one.
   *
   * <p>In auto-commit where the pool hands connections out so ({@link Transactions#writeOrThrow}):
   * the compare-and-set is one {@code UPDATE}, so a write of a grant that has a record is one
   * round trip. Only when it changes no row is the stored version read (a conflict, or no record
   * yet: then the {@code INSERT}). The messages and the list of secrets to cut out of driver
   * messages are made only when something failed.
   *
   * @param s the statements
   * @param record the record
   */
  void write(Statements s, TokenRecord record) {
    GrantKey key = record.key();
    String access = cipher == null ? record.accessToken() : cipher.encrypt(record.accessToken(), key);
    String refresh = record.refreshToken() == null ? null
        : cipher == null ? record.refreshToken() : cipher.encrypt(record.refreshToken(), key);
    SQLException lastTransient = null;
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      try {
        Long conflict = tx.writeOrThrow(s, c -> writeOnce(c, s, record, access, refresh));
        if (conflict == null) {
          return;
        }
        if (conflict >= 0) {
          throw new TokenVersionConflictException(storeName, key, record.version(), conflict);
        }
        // conflict < 0: the row changed between the statements (a racing first write); again.
      } catch (SQLException e) {
        if (SqlFailures.isTransient(e)) {
          lastTransient = e;
          continue; // a deadlock victim: the statement was rolled back whole; try again
        }
        if (e instanceof DuplicateOrFailure) {
          if (rowExists(s, key, writeFailure(record))) {
            continue; // a racing first write took the key: compare versions with it
          }
          throw SqlFailures.wrap(writeFailure(record), (SQLException) e.getCause(),
              secrets(record, access, refresh));
        }
        throw SqlFailures.wrap(writeFailure(record), e, secrets(record, access, refresh));
      }
    }
    if (lastTransient != null) {
      throw SqlFailures.wrap(writeFailure(record), lastTransient,
          secrets(record, access, refresh));
    }
    throw new TokenStoreException(writeFailure(record) + ": the row kept changing during "
        + WRITE_ATTEMPTS + " attempts");
  }

  private String writeFailure(TokenRecord record) {
    return failure("write", record.key()) + " (version " + record.version() + ")";
  }

  /** The values a write binds that must never show in a message: the tokens, plain and sealed. */
  private static List<String> secrets(TokenRecord record, String access,
      @Nullable String refresh) {
    List<String> secrets = new ArrayList<>(4);
    secrets.add(record.accessToken());
    secrets.add(access);
    if (record.refreshToken() != null) {
      secrets.add(record.refreshToken());
      secrets.add(Objects.requireNonNull(refresh));
    }
    return secrets;
  }

  /**
   * One attempt at a write. Returns null if written, the stored version if the store holds the
   * same or a newer one, or -1 to try again. Each statement is whole by itself: the {@code
   * UPDATE} decides the compare-and-set alone, and whatever another writer does between the
   * statements sends the write around again or ends in a conflict it really is.
   */
  private @Nullable Long writeOnce(Connection c, Statements s, TokenRecord r, String access,
      @Nullable String refresh) throws SQLException {
    String id = r.key().id();
    try (PreparedStatement ps = tx.prepare(c, s, s.update)) {
      bindRecord(s, ps, 1, r, access, refresh);
      ps.setString(7, id);
      ps.setLong(8, r.version());
      if (tx.executeUpdate(s, ps) == 1) {
        return null;
      }
    }
    try (PreparedStatement ps = tx.prepare(c, s, s.probe)) {
      ps.setString(1, id);
      try (ResultSet rs = tx.executeQuery(s, ps)) {
        if (rs.next()) {
          long stored = rs.getLong(1);
          boolean leaseOnly = rs.getInt(2) == 1;
          // The update matched nothing, yet the row now takes this version: it changed between
          // the two statements (a first write committed, a delete). Try again.
          return leaseOnly || stored < r.version() ? Long.valueOf(-1) : Long.valueOf(stored);
        }
      }
    }
    try (PreparedStatement ps = tx.prepare(c, s, s.insert)) {
      ps.setString(1, id);
      bindRecord(s, ps, 2, r, access, refresh);
      tx.executeUpdate(s, ps);
      return null;
    } catch (SQLException insertFailed) {
      // Most likely a racing first write took the key. In a transaction, PostgreSQL has aborted
      // it by now, so the answer is looked up in a new one.
      throw new DuplicateOrFailure(insertFailed);
    }
  }

  private boolean rowExists(Statements s, GrantKey key, String what) {
    return tx.read(what, c -> {
      try (PreparedStatement ps = tx.prepare(c, s, s.probe)) {
        ps.setString(1, key.id());
        try (ResultSet rs = tx.executeQuery(s, ps)) {
          return rs.next();
        }
      }
    });
  }

  private void bindRecord(Statements s, PreparedStatement ps, int first, TokenRecord r,
      String access, @Nullable String refresh) throws SQLException {
    ps.setString(first, access);
    ps.setString(first + 1, refresh);
    s.bindInstant(ps, first + 2, r.expiresAt());
    s.bindInstant(ps, first + 3, r.issuedAt());
    ps.setString(first + 4, r.accountDomain());
    ps.setLong(first + 5, r.version());
  }

  /**
   * Deletes a record, keeping a running lease.
   *
   * @param s the statements
   * @param key the grant
   * @return true if a record was deleted
   */
  boolean delete(Statements s, GrantKey key) {
    return tx.run(failure("delete", key), c -> {
      int cleared;
      try (PreparedStatement ps = tx.prepare(c, s, s.clear)) {
        ps.setString(1, key.id());
        cleared = tx.executeUpdate(s, ps);
      }
      // The row goes too, unless a lease in it is still running: its holder keeps the lock.
      try (PreparedStatement ps = tx.prepare(c, s, s.removeEmptyRow)) {
        ps.setString(1, key.id());
        tx.executeUpdate(s, ps);
      }
      return cleared == 1;
    });
  }

  /**
   * Lists the grants that hold a record.
   *
   * @param s the statements
   * @return the keys
   */
  List<GrantKey> keys(Statements s) {
    return tx.read("JDBC token store " + storeName + " could not list its grants", c -> {
      List<GrantKey> keys = new ArrayList<>();
      try (PreparedStatement ps = tx.prepare(c, s, s.keys);
          ResultSet rs = tx.executeQuery(s, ps)) {
        while (rs.next()) {
          String id = rs.getString(1);
          try {
            keys.add(GrantKey.parse(id));
          } catch (IllegalArgumentException e) {
            log.warn("token store {} skipped a row whose grant_key is not a grant: {}",
                storeName, e.getMessage());
          }
        }
      }
      return List.copyOf(keys);
    });
  }

  private String failure(String verb, GrantKey key) {
    return "JDBC token store " + storeName + " could not " + verb + " " + key;
  }

  /** Carries an insert failure out of the transaction, which is then rolled back. */
  private static final class DuplicateOrFailure extends SQLException {
    private static final long serialVersionUID = 1L;

    DuplicateOrFailure(SQLException cause) {
      super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
    }
  }

}
