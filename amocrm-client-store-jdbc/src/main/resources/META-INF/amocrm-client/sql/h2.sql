-- amocrm-client JdbcTokenStore schema for H2 2.x.
-- For Flyway or Liquibase: copy this into a migration; rename amocrm_tokens if you configured
-- another table name. JdbcTokenStore.Builder.createTableIfMissing(true) runs the same statement.
-- One row per grant. A row whose access_token is NULL holds no tokens, only a lease.
CREATE TABLE IF NOT EXISTS amocrm_tokens (
  grant_key      VARCHAR(400) NOT NULL PRIMARY KEY,
  access_token   VARCHAR(16384),
  refresh_token  VARCHAR(16384),
  expires_at     TIMESTAMP(6) WITH TIME ZONE,
  issued_at      TIMESTAMP(6) WITH TIME ZONE,
  account_domain VARCHAR(253),
  version        BIGINT NOT NULL DEFAULT 0,
  updated_at     TIMESTAMP(6) WITH TIME ZONE,
  lease_owner    VARCHAR(200),
  lease_until    TIMESTAMP(6) WITH TIME ZONE
);
