package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.AuthorizationCallback;
import io.github.farolero.amocrm.auth.AuthorizationUrl;
import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code authorize}: the consent URL, then the code (an option, or the redirect URL pasted back),
 * exchanged and saved; or a long-lived token stored instead. The command that {@code
 * ReauthorizationRequiredException} names.
 */
@Command(name = "authorize",
    header = "Authorize a grant (consent URL and code), or store a long-lived token.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Authorizes a grant and saves its tokens in the store. Without --code it prints the"
            + " consent URL (with a random state) on stdout, then reads the URL amoCRM redirected"
            + " the browser to from stdin, checks its state, exchanges its code and saves the"
            + " pair. With --code it exchanges that code. With --long-lived or --long-lived-env"
            + " it stores a private integration's long-lived token instead. Exits 0 when the"
            + " tokens are saved, 2 if amoCRM refused the code or the credentials, 3 on a usage"
            + " or store error."
    },
    footerHeading = "%nExamples:%n",
    footer = {
        "  amocrm-tokens authorize --store file:/var/lib/app/tokens",
        "  amocrm-tokens authorize --store file:/var/lib/app/tokens --grant example.amocrm.ru"
            + " --code def502...",
        "  amocrm-tokens authorize --store file:/var/lib/app/tokens --grant example.amocrm.ru"
            + " --long-lived-env AMOCRM_LONG_LIVED_TOKEN"
    })
final class AuthorizeCommand implements Callable<Integer> {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Context ctx;

  @Mixin StoreOptions stores = new StoreOptions();
  @Mixin CredentialOptions credentials = new CredentialOptions();

  @Option(names = {"--grant", "--domain"}, paramLabel = "GRANT",
      description = "The account: DOMAIN or DOMAIN/CLIENT_ID (default: $AMOCRM_DOMAIN; with a"
          + " pasted redirect, the account it names).")
  @Nullable String grant;

  @Option(names = "--platform", paramLabel = "PLATFORM",
      description = "Where the consent page is: ${COMPLETION-CANDIDATES} (default: from the"
          + " domain, else AMOCRM_RU).")
  AuthorizationUrl.@Nullable Platform platform;

  @ArgGroup(exclusive = true)
  @Nullable Source source;

  /** At most one way to get the tokens besides the interactive one. */
  static final class Source {
    @Option(names = "--code", paramLabel = "CODE",
        description = "The authorization code (the redirect's code=...), already at hand.")
    @Nullable String code;

    @Option(names = "--long-lived", paramLabel = "TOKEN",
        description = "Store this long-lived token (prefer --long-lived-env: a command line"
            + " is visible to other users).")
    @Nullable String longLived;

    @Option(names = "--long-lived-env", paramLabel = "VAR",
        description = "Store the long-lived token held in this variable.")
    @Nullable String longLivedVariable;
  }

  AuthorizeCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    GrantKey key = grant != null ? Grants.parse(grant, "--grant")
        : ctx.variable("AMOCRM_DOMAIN") != null
            ? Grants.parse(ctx.variable("AMOCRM_DOMAIN"), "AMOCRM_DOMAIN") : null;
    String longLived = source == null ? null : source.longLived != null ? source.longLived
        : source.longLivedVariable != null
            ? Keys.required(ctx, source.longLivedVariable, "--long-lived-env") : null;
    if (longLived != null) {
      GrantKey k = requireKey(key, "a long-lived token");
      return longLived(stores.open(ctx, Stores.Purpose.WRITE), k, longLived);
    }
    credentials.require(ctx, "authorize");
    String code = source == null ? null : source.code;
    if (code != null) {
      GrantKey k = requireKey(key, "--code");
      return exchange(stores.open(ctx, Stores.Purpose.WRITE), k,
          client -> client.tokens().authorize(code.trim()));
    }
    // The store first: a store that cannot be opened fails before anyone opens a browser.
    return interactive(stores.open(ctx, Stores.Purpose.WRITE), key);
  }

  private static GrantKey requireKey(@Nullable GrantKey key, String what) {
    if (key == null) {
      throw new CliException(what + " needs the account: --grant example.amocrm.ru (or set"
          + " AMOCRM_DOMAIN)");
    }
    return key;
  }

  private int interactive(TokenStore store, @Nullable GrantKey key) {
    String state = HexFormat.of().formatHex(randomBytes(16));
    AuthorizationUrl.Platform p = platform != null ? platform : platformOf(key);
    HttpUrl url = AuthorizationUrl.builder()
        .clientId(credentials.clientId(ctx))
        .state(state)
        .mode(AuthorizationUrl.Mode.POPUP)
        .platform(p)
        .build();
    ctx.err.println("Open this URL in a browser signed in to the amoCRM account"
        + (key == null ? "" : " " + key.domain()) + " and allow access:");
    ctx.out.println(url);
    ctx.out.flush();
    ctx.err.println("Then paste here the whole URL the browser was sent to (it holds code=...):");
    String line;
    try {
      line = new BufferedReader(new InputStreamReader(ctx.in, StandardCharsets.UTF_8)).readLine();
    } catch (IOException e) {
      throw new CliException("cannot read the redirect URL from stdin: " + Errors.describe(e));
    }
    if (line == null || line.isBlank()) {
      throw new CliException("no redirect URL on stdin: paste the URL the browser was sent to,"
          + " or give the code with --code");
    }
    HttpUrl redirect = HttpUrl.parse(line.trim());
    if (redirect == null) {
      throw new CliException("the pasted text is not a URL: paste the whole address, starting"
          + " with https://");
    }
    AuthorizationCallback callback;
    try {
      callback = AuthorizationCallback.parse(redirect);
      callback.requireState(state);
    } catch (IllegalArgumentException e) {
      throw new CliException("the pasted URL cannot be used: " + Errors.describe(e)
          + " (paste the redirect of this run of authorize)");
    }
    GrantKey k;
    try {
      k = key != null ? key : GrantKey.of(callback.referer());
    } catch (IllegalArgumentException e) {
      throw new CliException("the redirect's referer is not an account domain");
    }
    if (!k.domain().equals(GrantKey.of(callback.referer()).domain())) {
      throw new CliException("the redirect is for " + callback.referer() + ", not " + k.domain());
    }
    return exchange(store, k, client -> client.tokens().authorize(callback));
  }

  private interface Exchange {
    TokenStatus run(AmoCrmClient client);
  }

  private int exchange(TokenStore store, GrantKey key, Exchange exchange) {
    AmoCrmClient client = credentials.client(ctx, store, key, false);
    TokenStatus status;
    try {
      status = exchange.run(client);
    } catch (OAuthException e) {
      ctx.err.println("authorize: amoCRM refused: " + Errors.describe(e) + " (reason "
          + e.reason() + ")");
      return 2;
    } catch (TokenStoreException e) {
      throw new CliException("amoCRM issued tokens for " + key + " but they could not be saved"
          + " in " + store.info().name() + ": " + Errors.describe(e) + "; authorize again once"
          + " the store works");
    } catch (AmoCrmException | IllegalArgumentException e) {
      throw new CliException("authorize " + key + ": " + Errors.describe(e));
    }
    report(key, store, status);
    return 0;
  }

  private int longLived(TokenStore store, GrantKey key, String token) {
    AmoCrmClient client = credentials.client(ctx, store, key, true);
    TokenStatus status;
    try {
      status = client.tokens().useLongLivedToken(token.trim());
    } catch (IllegalArgumentException e) {
      throw new CliException("the long-lived token cannot be used: " + Errors.describe(e));
    } catch (AmoCrmException e) {
      throw new CliException("cannot store the long-lived token of " + key + " in "
          + store.info().name() + ": " + Errors.describe(e));
    }
    report(key, store, status);
    return 0;
  }

  private void report(GrantKey key, TokenStore store, TokenStatus s) {
    ctx.out.println("authorized " + key + ": saved in " + store.info().name() + " as version "
        + s.version() + (s.longLived() ? ", long-lived token " + s.accessTokenFingerprint()
            : ", access " + s.accessTokenFingerprint() + ", refresh "
                + s.refreshTokenFingerprint())
        + ", valid until " + s.expiresAt());
  }

  private static AuthorizationUrl.Platform platformOf(@Nullable GrantKey key) {
    if (key == null) {
      return AuthorizationUrl.Platform.AMOCRM_RU;
    }
    String d = key.domain();
    return d.endsWith(".kommo.com") ? AuthorizationUrl.Platform.KOMMO
        : d.endsWith(".amocrm.com") ? AuthorizationUrl.Platform.AMOCRM_COM
        : AuthorizationUrl.Platform.AMOCRM_RU;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
