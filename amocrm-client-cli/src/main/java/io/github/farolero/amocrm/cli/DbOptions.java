package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.store.jdbc.JdbcTokenStore;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How {@code jdbc:} store URIs log in, and which table they use. */
final class DbOptions {

  static final String USER_VARIABLE = "AMOCRM_DB_USER";
  static final String PASSWORD_VARIABLE = "AMOCRM_DB_PASSWORD";

  @Option(names = "--db-user", paramLabel = "USER",
      description = "Database user of jdbc: stores (default: $" + USER_VARIABLE + ").")
  @Nullable String user;

  @Option(names = "--db-password-env", paramLabel = "VAR",
      description = "Variable holding the database password (default: " + PASSWORD_VARIABLE
          + "). Never give a password on the command line.")
  @Nullable String passwordVariable;

  @Option(names = "--db-table", paramLabel = "NAME",
      description = "Token table of jdbc: stores (default: " + JdbcTokenStore.DEFAULT_TABLE
          + ").")
  @Nullable String table;

  @Option(names = "--db-key-env", paramLabel = "VAR|none",
      description = "Variable holding the token key of the jdbc: members of a composite (several"
          + " --store): apps set a JDBC store's cipher apart from the files' key. Default: none"
          + " (the columns are plain). A single jdbc: store takes --key-env.")
  @Nullable String keyVariable;

  @Nullable String user(Context ctx) {
    return user != null ? user : ctx.variable(USER_VARIABLE);
  }

  @Nullable String password(Context ctx) {
    if (passwordVariable != null) {
      return Keys.required(ctx, passwordVariable, "--db-password-env");
    }
    String v = ctx.env.get(PASSWORD_VARIABLE);
    return v == null || v.isEmpty() ? null : v;
  }

  String table() {
    return table != null ? table : JdbcTokenStore.DEFAULT_TABLE;
  }
}
