-- amocrm-client JdbcTokenStore schema for MySQL 8 and MariaDB 10.5 and later.
-- For Flyway or Liquibase: copy this into a migration; rename amocrm_tokens if you configured
-- another table name. JdbcTokenStore.Builder.createTableIfMissing(true) runs the same statement.
-- One row per grant. A row whose access_token is NULL holds no tokens, only a lease.
-- Times are DATETIME(6) in UTC (written with UTC_TIMESTAMP), so the session time zone never
-- matters; the grant key is ASCII with a binary collation, because client ids are case-sensitive.
CREATE TABLE IF NOT EXISTS amocrm_tokens (
  grant_key      VARCHAR(400) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  access_token   TEXT,
  refresh_token  TEXT,
  expires_at     DATETIME(6),
  issued_at      DATETIME(6),
  account_domain VARCHAR(253),
  version        BIGINT NOT NULL DEFAULT 0,
  updated_at     DATETIME(6),
  lease_owner    VARCHAR(200),
  lease_until    DATETIME(6)
) ENGINE = InnoDB;
