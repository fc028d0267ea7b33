package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenStore;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The integration's credentials, from options or the variables an app reads
 * ({@code AmoCrmClient.Builder.fromEnvironment}): {@code AMOCRM_CLIENT_ID}, {@code
 * AMOCRM_CLIENT_SECRET}, {@code AMOCRM_REDIRECT_URI}, and {@code AMOCRM_BASE_URL} for a proxy or a
 * test's mock (plain http only to loopback).
 */
final class CredentialOptions {

  static final String CLIENT_ID = "AMOCRM_CLIENT_ID";
  static final String CLIENT_SECRET = "AMOCRM_CLIENT_SECRET";
  static final String REDIRECT_URI = "AMOCRM_REDIRECT_URI";
  static final String BASE_URL = "AMOCRM_BASE_URL";

  @Option(names = "--client-id", paramLabel = "ID",
      description = "The integration's client id (default: $" + CLIENT_ID + ").")
  @Nullable String clientId;

  @Option(names = "--client-secret-env", paramLabel = "VAR",
      description = "Variable holding the client secret (default: " + CLIENT_SECRET + ").")
  @Nullable String clientSecretVariable;

  @Option(names = "--redirect-uri", paramLabel = "URI",
      description = "The integration's redirect URI (default: $" + REDIRECT_URI + ").")
  @Nullable String redirectUri;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Send requests here instead of https://<account domain>/ (default:"
          + " $" + BASE_URL + "); plain http only to loopback.")
  @Nullable String baseUrl;

  @Nullable String clientId(Context ctx) {
    return clientId != null ? clientId : ctx.variable(CLIENT_ID);
  }

  /** What is missing for OAuth, named as the user would set it; empty if nothing. */
  List<String> missing(Context ctx) {
    List<String> missing = new ArrayList<>();
    if (clientId(ctx) == null) {
      missing.add(CLIENT_ID + " (or --client-id)");
    }
    if (secret(ctx) == null) {
      missing.add(clientSecretVariable != null ? clientSecretVariable : CLIENT_SECRET);
    }
    if (redirect(ctx) == null) {
      missing.add(REDIRECT_URI + " (or --redirect-uri)");
    }
    return missing;
  }

  private @Nullable String secret(Context ctx) {
    return ctx.variable(clientSecretVariable != null ? clientSecretVariable : CLIENT_SECRET);
  }

  private @Nullable String redirect(Context ctx) {
    return redirectUri != null ? redirectUri : ctx.variable(REDIRECT_URI);
  }

  /** Fails unless every OAuth credential is given. */
  void require(Context ctx, String why) {
    List<String> missing = missing(ctx);
    if (!missing.isEmpty()) {
      throw new CliException(why + " needs the integration's credentials: "
          + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " not set");
    }
  }

  /**
   * A client of one grant over the store. A long-lived token is never refreshed, so it needs no
   * credentials: without them the client gets stand-ins that are never sent.
   */
  AmoCrmClient client(Context ctx, TokenStore store, GrantKey key, boolean longLived) {
    AmoCrmClient.Builder b = AmoCrmClient.builder()
        .accountDomain(key.domain())
        .grantKey(key)
        .tokenStore(store)
        .clock(ctx.clock);
    String url = baseUrl != null ? baseUrl : ctx.variable(BASE_URL);
    try {
      if (url != null) {
        b.baseUrl(url);
      }
      if (missing(ctx).isEmpty()) {
        String id = clientId(ctx);
        if (key.clientId() != null && !key.clientId().equals(id)) {
          throw new CliException("grant " + key + " belongs to client id " + key.clientId()
              + ", not " + id + ": give that integration's credentials");
        }
        b.clientId(id).clientSecret(secret(ctx)).redirectUri(redirect(ctx));
      } else if (longLived) {
        b.clientId("long-lived-token").clientSecret("unused")
            .redirectUri("https://localhost/unused");
      } else {
        require(ctx, "grant " + key);
      }
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliException((url != null && e.getMessage() != null
          && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("http")
          ? (baseUrl != null ? "--base-url" : BASE_URL) + ": " : "") + Errors.describe(e));
    }
  }
}
