package io.github.farolero.amocrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.store.TokenRecord;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A whole flow, failures included, with every log line (at debug level) and every exception
 * captured: no token, code or client secret appears in any of them.
 */
class CanaryTest {

  @Test
  void noSecretReachesALogLineAnExceptionOrAToString() throws Exception {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new Tee(originalErr, captured), true, StandardCharsets.UTF_8));
    Set<String> secrets = ConcurrentHashMap.newKeySet();
    List<Throwable> thrown = new ArrayList<>();
    List<String> rendered = new ArrayList<>();
    try (Fixture f = new Fixture()) {
      secrets.add(f.amo.clientSecret());
      InMemoryTokenStore memory = new InMemoryTokenStore();
      StoreWrappers.Failing flaky =
          new StoreWrappers.Failing(new InMemoryTokenStore("flaky"), "flaky", true);
      // Remember every token that is ever written anywhere.
      StoreWrappers.Forwarding recording = new StoreWrappers.Forwarding(
          CompositeTokenStore.of(memory, flaky)) {
        @Override
        public void write(TokenRecord r) {
          secrets.add(r.accessToken());
          if (r.refreshToken() != null) {
            secrets.add(r.refreshToken());
          }
          super.write(r);
        }
      };
      AmoCrmClient client = f.client(recording);
      String code = f.amo.issueAuthorizationCode();
      secrets.add(code);
      rendered.add(client.tokens().authorize(code).toString());
      rendered.add(client.account().toString());

      // Refreshes, one while a member fails (logged by the composite).
      for (int i = 0; i < 3; i++) {
        flaky.failWrites.set(i == 1);
        TokenRecord r = memory.load(f.amo.grantKey()).orElseThrow();
        f.clock.set(r.expiresAt().minusSeconds(120)); // advisory
        client.account();
      }
      flaky.failWrites.set(false);

      // The token endpoint echoes the refresh token and the secret back in its error.
      TokenRecord current = memory.load(f.amo.grantKey()).orElseThrow();
      f.amo.enqueueTokenEndpointResponse(400, "application/problem+json",
          "{\"hint\":\"Invalid refresh token " + current.refreshToken() + "\",\"title\":\""
              + f.amo.clientSecret() + "\",\"detail\":\"refresh_token=" + current.refreshToken()
              + "\",\"status\":400}");
      capture(thrown, () -> client.tokens().refresh());
      // A reused code, a bad answer, then a real revocation.
      capture(thrown, () -> client.tokens().authorize(code));
      f.amo.enqueueTokenEndpointResponse(200, "application/json", "{\"access_token\":\""
          + current.accessToken() + "\"}");
      capture(thrown, () -> client.tokens().refresh());
      f.amo.revokeAllTokens();
      f.clock.set(memory.load(f.amo.grantKey()).orElseThrow().expiresAt().plusSeconds(1));
      capture(thrown, client::account);
      capture(thrown, client::account);

      rendered.add(client.toString());
      rendered.add(client.tokens().toString());
      rendered.add(client.tokens().status().orElseThrow().toString());
      rendered.add(recording.toString());
      rendered.add(memory.load(f.amo.grantKey()).orElseThrow().toString());
    } finally {
      System.setErr(originalErr);
    }

    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).as("something was logged").contains("refreshed tokens of");
    assertThat(logs).contains("failed to write"); // the composite's member failure
    assertThat(thrown).hasSize(5);
    assertThat(secrets).hasSizeGreaterThan(8);
    StringBuilder everything = new StringBuilder(logs);
    for (Throwable t : thrown) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      everything.append(trace);
    }
    rendered.forEach(everything::append);
    for (String secret : secrets) {
      assertThat(everything.toString()).doesNotContain(secret);
    }
  }

  private static void capture(List<Throwable> thrown, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      thrown.add(e);
    }
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
