package io.github.farolero.amocrm.tests;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.jdbc.JdbcTokenStore;
import java.time.Instant;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * What the documentation's snippets take from the surrounding app: every compiled snippet is the
 * body of a method of a subclass of this, so a name a snippet uses without declaring it must be
 * here. Nothing here runs: {@link SnippetsCompileTest} only compiles.
 */
@SuppressWarnings("unused")
public abstract class SnippetContext {
  protected static final long TEXT_FIELD_ID = 1;
  protected static final long PRODUCTS_FIELD_ID = 2;
  protected static final long DEADLINE_FIELD_ID = 3;

  protected @Nullable TokenStore store;
  protected @Nullable AmoCrmClient client;
  protected @Nullable JdbcTokenStore jdbcStore;
  protected @Nullable DataSource hikari;
  protected @Nullable DataSource oldDataSource;
  protected long pipelineId;
  protected Instant since = Instant.EPOCH;
  protected @Nullable Lead lead;
  protected @Nullable Contact contact;
  protected String requestUrl = "https://app.example.com/amocrm/callback?code=x&state=y";
  protected String expectedState = "y";
  /** A widget request's {@code X-Auth-Token} header. */
  protected String xAuthToken = "";
  /** The app's own alerting, as a listener. */
  protected TokenListener alerts = new TokenListener() {};

  /** The app's own durable store. */
  protected static TokenStore yourTokenStore() {
    return new InMemoryTokenStore();
  }

  /** The app's own sync step. */
  protected static void sync(Object entity) {}

  /** The app's own alerting. */
  protected static void pageSomeone(Exception e) {}
}
