-- amocrm-client JdbcTokenStore schema for SQLite 3.
-- For Flyway or Liquibase: copy this into a migration; rename amocrm_tokens if you configured
-- another table name. JdbcTokenStore.Builder.createTableIfMissing(true) runs the same statement.
-- One row per grant. A row whose access_token is NULL holds no tokens, only a lease.
-- Times are ISO-8601 UTC text of fixed width (2026-01-01T00:00:00.000000Z for token times,
-- 2026-01-01T00:00:00.000Z for updated_at and lease_until), so text order is time order and
-- SQLite's date functions read them.
CREATE TABLE IF NOT EXISTS amocrm_tokens (
  grant_key      TEXT NOT NULL PRIMARY KEY,
  access_token   TEXT,
  refresh_token  TEXT,
  expires_at     TEXT,
  issued_at      TEXT,
  account_domain TEXT,
  version        INTEGER NOT NULL DEFAULT 0,
  updated_at     TEXT,
  lease_owner    TEXT,
  lease_until    TEXT
);
