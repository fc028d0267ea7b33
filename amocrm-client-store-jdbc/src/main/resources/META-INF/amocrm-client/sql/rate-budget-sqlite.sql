-- amocrm-client JdbcRateBudget schema for SQLite 3.42 and later (its clock counts milliseconds).
-- For Flyway or Liquibase: copy this into a migration; if you configured another table prefix,
-- rename amocrm_rate in both names. JdbcRateBudget.Builder.createTableIfMissing(true) runs the same
-- statements. Times are BIGINT microseconds since the epoch on the database's clock.
-- One row per scope (an integration or an account): the 429 pause and the 403 ban.
CREATE TABLE IF NOT EXISTS amocrm_rate_scopes (
  scope_key    TEXT NOT NULL PRIMARY KEY,
  paused_until INTEGER NOT NULL DEFAULT 0,
  banned_until INTEGER NOT NULL DEFAULT 0
);
-- One row per slot (turn) of a scope, 0 .. requests-1, created on first use.
CREATE TABLE IF NOT EXISTS amocrm_rate_slots (
  scope_key    TEXT NOT NULL,
  slot         INTEGER NOT NULL,
  free_at      INTEGER NOT NULL DEFAULT 0,
  owner_token  TEXT,
  PRIMARY KEY (scope_key, slot)
);
