-- amocrm-client JdbcWatermarkStore schema for PostgreSQL (9.5 and later).
-- For Flyway or Liquibase: copy this into a migration; rename amocrm_sync_watermarks if you
-- configured another table name. JdbcWatermarkStore.Builder.createTableIfMissing(true) runs it.
-- One row per sync cursor.
CREATE TABLE IF NOT EXISTS amocrm_sync_watermarks (
  sync_key     VARCHAR(200) NOT NULL PRIMARY KEY,   -- the cursor's key, such as "x.amocrm.ru/leads"
  from_second  BIGINT NOT NULL,                     -- unix seconds, inclusive
  seen_ids     TEXT NOT NULL,                       -- JSON array of the ids seen at from_second
  saved_at     BIGINT NOT NULL                      -- unix milliseconds of the save (app clock)
);
