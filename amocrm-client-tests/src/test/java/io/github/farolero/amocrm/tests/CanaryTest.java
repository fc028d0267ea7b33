package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.model.Lead;
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
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A whole flow, failures included, with every log line (at debug level, and some are written)
 * and every exception captured, while amoCRM's answers echo secrets back whole and in pieces: no
 * token, code or client secret, nor any piece of one 12 characters long, appears in a log line, a
 * message, a cause chain, an error's fields or a {@code toString()}.
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

      // The API echoes secrets back, whole and in pieces, in every field it writes.
      TokenRecord live = memory.load(f.amo.grantKey()).orElseThrow();
      String access = live.accessToken();
      String refresh = Objects.requireNonNullElse(live.refreshToken(), "none-none-none");
      String secret = f.amo.clientSecret();
      f.clock.set(live.expiresAt().minusSeconds(3600));
      f.amo.faults().answerNext(400, "application/problem+json",
          "{\"title\":\"Bad token " + access + "\",\"status\":400,\"detail\":\"secret "
              + secret.substring(0, 13) + " and " + secret.substring(secret.length() - 13)
              + "\",\"validation-errors\":[{\"request_id\":\"0\",\"errors\":[{\"code\":\""
              + refresh.substring(3, 40) + "\",\"path\":\"" + access.substring(100, 130)
              + "\",\"detail\":\"bearer " + access.substring(access.length() - 25)
              + "\"}]}]}", Map.of("X-Request-Id", "req-" + refresh.substring(10, 60)));
      capture(thrown, () -> client.leads().add(List.of(Lead.builder().name("x").build())));
      f.amo.faults().answerNext(404, "application/problem+json",
          "{\"title\":\"" + code.substring(5, 30) + "\",\"detail\":\"" + access + "\"}",
          Map.of("X-Request-Id", access.substring(0, 40)));
      capture(thrown, () -> client.pipelines().statuses(42));
      f.amo.faults().answerNext(401, "application/problem+json",
          "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"token " + access
              + " refused; refresh with " + refresh + "\"}");
      f.amo.faults().answerNext(401, "application/problem+json",
          "{\"title\":\"Unauthorized " + refresh.substring(20, 45) + "\",\"status\":401}");
      capture(thrown, client::account);

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
    assertThat(logs).as("debug lines were written").contains(" DEBUG ")
        .contains("with access token").contains("amoCRM refused access token");
    assertThat(thrown).hasSize(8);
    assertThat(secrets).hasSizeGreaterThan(8);
    StringBuilder everything = new StringBuilder(logs);
    for (Throwable t : thrown) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace)); // messages and the whole cause chain
      everything.append(trace);
      for (Throwable c = t; c != null; c = c.getCause()) {
        everything.append(c).append('\n');
        if (c instanceof AmoCrmHttpException h) {
          everything.append(h.title()).append(h.detail()).append(h.requestId())
              .append(h.validationErrors());
        }
      }
    }
    rendered.forEach(everything::append);
    assertNoPieceOfAnySecret(everything.toString(), secrets);
  }

  /** Not the secret, nor any piece of it 12 characters long or longer. */
  private static void assertNoPieceOfAnySecret(String text, Set<String> secrets) {
    for (String secret : secrets) {
      for (int i = 0; i + 12 <= secret.length(); i++) {
        String piece = secret.substring(i, i + 12);
        if (text.contains(piece)) {
          int at = text.indexOf(piece);
          throw new AssertionError("a 12-character piece of a secret (from offset " + i
              + ") leaked near: " + text.substring(Math.max(0, at - 80), at).replace(piece, "")
              + "<PIECE>");
        }
      }
      assertThat(text).doesNotContain(secret);
    }
  }

  @Test
  void theCanaryCanFail() {
    Set<String> secrets = Set.of("abcdefghijklmnopqrstuvwxyz0123456789");
    assertThatThrownBy(() -> assertNoPieceOfAnySecret("... mnopqrstuvwxyz ...", secrets))
        .isInstanceOf(AssertionError.class);
    assertNoPieceOfAnySecret("... mnopqrstuvw ...", secrets); // 11 characters may remain
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
