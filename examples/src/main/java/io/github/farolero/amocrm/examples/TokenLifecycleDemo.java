package io.github.farolero.amocrm.examples;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.model.Account;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.github.farolero.amocrm.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Purpose: show a token's whole life with no configuration — authorize with a code, call the
 * API, let the access token expire, and watch 20 threads share exactly one refresh whose new
 * pair is saved, encrypted, to a token file before use. Runs against {@link MockAmoCrmServer} in
 * this process, with the tokens in a temporary directory.
 */
public final class TokenLifecycleDemo {

  private TokenLifecycleDemo() {}

  /**
   * Runs the demo.
   *
   * @param args ignored
   * @throws Exception if the demo fails (it then exits non-zero)
   */
  public static void main(String[] args) throws Exception {
    MutableClock clock = MutableClock.create();
    try (TempDirectory directory = TempDirectory.create("amocrm-demo-");
        MockAmoCrmServer amo = MockAmoCrmServer.builder().clock(clock).start()) {
      FileTokenStore store = FileTokenStore.builder()
          .directory(directory.path().resolve("tokens"))
          .cipher(TokenCipher.fromBase64Key(TokenCipher.generateBase64Key()))
          .build();
      AtomicInteger refreshedEvents = new AtomicInteger();
      AmoCrmClient client = AmoCrmClient.builder()
          .accountDomain(amo.accountDomain())
          .baseUrl(amo.baseUrl()) // a real app leaves this out: https://<domain>/ is used
          .clientId(amo.clientId())
          .clientSecret(amo.clientSecret())
          .redirectUri(amo.redirectUri())
          .tokenStore(store)
          .clock(clock)
          .tokenListener(new TokenListener() {
            @Override
            public void onRefreshed(TokenStatus status) {
              refreshedEvents.incrementAndGet();
            }
          })
          .build();

      say("amocrm-client demo, against a mock amoCRM at " + amo.baseUrl());
      say("");
      say("1. The user allowed access; amoCRM redirected back with a one-time code.");
      TokenStatus first = client.tokens().authorize(amo.issueAuthorizationCode());
      say("   Exchanged it and saved the pair: " + describe(first));

      Account account = client.account();
      say("2. GET /api/v4/account -> \"" + account.name() + "\" (id " + account.id() + ")");

      clock.advance(Duration.ofHours(24).plusSeconds(1));
      say("3. 24 hours pass (on the demo's clock): the access token has expired.");

      int threads = 20;
      int endpointCallsBefore = amo.tokenEndpointCalls();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Account>> calls = new ArrayList<>();
      try {
        for (int i = 0; i < threads; i++) {
          calls.add(pool.submit(client::account));
        }
        for (Future<Account> call : calls) {
          call.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      int refreshes = amo.tokenEndpointCalls() - endpointCallsBefore;
      TokenRecord saved = store.load(client.grantKey()).orElseThrow();
      say("4. " + threads + " threads called the API at once: all succeeded, with "
          + refreshes + " refresh between them.");
      say("   The new pair was saved before use: " + describe(TokenStatus.of(saved)));
      Path file = store.fileOf(client.grantKey());
      String onDisk = Files.readString(file);
      boolean sealed = !onDisk.contains(saved.accessToken()) && !onDisk.contains(
          Objects.requireNonNull(saved.refreshToken()));
      boolean ownerOnly = Files.getPosixFilePermissions(file).equals(
          EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
      say("   Token file " + file.getFileName() + ": " + Files.size(file) + " bytes, "
          + (sealed ? "encrypted (no token in the clear)" : "NOT encrypted") + ", "
          + (ownerOnly ? "rw------- (owner only)" : "NOT owner-only") + ".");
      say("");
      boolean ok = refreshes == 1
          && refreshedEvents.get() == 1
          && saved.version() == first.version() + 1
          && !saved.accessTokenFingerprint().equals(first.accessTokenFingerprint())
          && sealed
          && ownerOnly
          && amo.revokedRefreshes() == 0
          && amo.unauthorizedApiCalls() == 0;
      say("Summary: token-endpoint calls " + amo.tokenEndpointCalls()
          + " (1 code exchange + " + amo.refreshCalls() + " refresh), revoked "
          + amo.revokedRefreshes() + ", API calls " + amo.apiCalls() + ", 401s "
          + amo.unauthorizedApiCalls() + ", stored version " + saved.version() + ".");
      say(ok ? "OK: exactly one refresh, saved before use, nothing lost."
          : "UNEXPECTED: see the figures above.");
      if (!ok) {
        throw new IllegalStateException("the demo did not end as promised; see the figures above");
      }
    }
  }

  private static String describe(TokenStatus s) {
    return "version " + s.version() + ", access token " + s.accessTokenFingerprint()
        + " (sha-256 prefix), valid until " + s.expiresAt();
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
