-- amocrm-client JdbcTokenStore schema for PostgreSQL (9.5 and later).
-- For Flyway or Liquibase: copy this into a migration; rename amocrm_tokens if you configured
-- another table name. JdbcTokenStore.Builder.createTableIfMissing(true) runs the same statement.
-- One row per grant. A row whose access_token is NULL holds no tokens, only a lease.
CREATE TABLE IF NOT EXISTS amocrm_tokens (
  grant_key      VARCHAR(400) NOT NULL PRIMARY KEY,   -- "domain" or "domain/clientId"
  access_token   TEXT,                                -- plain or "v1:..." when encrypted
  refresh_token  TEXT,                                -- NULL for a long-lived token
  expires_at     TIMESTAMP WITH TIME ZONE,
  issued_at      TIMESTAMP WITH TIME ZONE,
  account_domain VARCHAR(253),
  version        BIGINT NOT NULL DEFAULT 0,           -- compare-and-set: grows on every write
  updated_at     TIMESTAMP WITH TIME ZONE,            -- the database's clock
  lease_owner    VARCHAR(200),                        -- who holds the refresh lease, if anyone
  lease_until    TIMESTAMP WITH TIME ZONE             -- the database's clock
);
