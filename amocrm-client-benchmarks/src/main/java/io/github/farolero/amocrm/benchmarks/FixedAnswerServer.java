package io.github.farolero.amocrm.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A local HTTP/1.1 server that answers from memory: the same bytes for the same path and query,
 * nothing recorded, keep-alive on. The JDK's own server, not MockWebServer: MockWebServer keeps
 * every request it served (a queue that grows by one per call, and its garbage), which adds noise
 * to a loop of a million calls; this one does no work per request but write the answer.
 *
 * <p>Nagle's algorithm is off ({@code sun.net.httpserver.nodelay}): with it on, an answer written
 * as headers and then body may wait for the client's delayed ACK (40 ms on Linux). Requests are
 * answered on the server's dispatcher thread (no executor): one thread hand-off less per request,
 * which on a busy 2-core machine is a scheduling delay less. The benchmarks call it from one
 * thread at a time.
 */
final class FixedAnswerServer implements AutoCloseable {

  static {
    // Read once, when the JDK's server configuration class loads: before the first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** Answers a request target (path and query); null answers 404. */
  @FunctionalInterface
  interface Answers {
    byte @Nullable [] answer(String target);
  }

  private final HttpServer server;
  private final HttpUrl url;

  private FixedAnswerServer(HttpServer server) {
    this.server = server;
    this.url = new HttpUrl.Builder().scheme("http").host("127.0.0.1")
        .port(server.getAddress().getPort()).build();
  }

  /** Starts a server that answers every request with {@code body}. */
  static FixedAnswerServer start(byte[] body, String contentType) {
    return start(target -> body, contentType);
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  static FixedAnswerServer start(Answers answers, String contentType) {
    try {
      HttpServer server = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.setExecutor(null); // the dispatcher thread answers
      server.createContext("/", exchange -> answer(exchange, answers, contentType));
      server.start();
      return new FixedAnswerServer(server);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a local server", e);
    }
  }

  private static void answer(HttpExchange exchange, Answers answers, String contentType)
      throws IOException {
    try (exchange) {
      try (InputStream in = exchange.getRequestBody()) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      String target = exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? ""
              : "?" + exchange.getRequestURI().getRawQuery());
      byte[] body = answers.answer(target);
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Returns the server's base URL, {@code http://127.0.0.1:<port>/}. */
  HttpUrl url() {
    return url;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
