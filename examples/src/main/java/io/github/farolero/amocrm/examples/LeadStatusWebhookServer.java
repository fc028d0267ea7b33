package io.github.farolero.amocrm.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.farolero.amocrm.webhook.Webhook;
import io.github.farolero.amocrm.webhook.WebhookAction;
import io.github.farolero.amocrm.webhook.WebhookEntity;
import io.github.farolero.amocrm.webhook.WebhookEvent;
import io.github.farolero.amocrm.webhook.WebhookFormatException;
import io.github.farolero.amocrm.webhook.WebhookHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Purpose: the receiving end of amoCRM's webhooks with nothing but the JDK's {@link HttpServer}:
 * {@code POST /amocrm/webhook} is read by {@link WebhookHandler}, and every lead status change
 * becomes one log line. Answers 200 at once (amoCRM retries a slow or failing handler and may
 * switch it off), 405 for another method, and 415/413/400 for a body the handler refuses.
 *
 * <p>The reusable core of {@link WebhookExample}, and of the end-to-end test that drives it from
 * the testkit's mock. Thread-safe.
 */
public final class LeadStatusWebhookServer implements AutoCloseable {

  /** The path amoCRM is given to POST to. */
  public static final String PATH = "/amocrm/webhook";

  private final HttpServer server;
  private final ExecutorService executor;
  private final WebhookHandler handler = WebhookHandler.create();
  private final Consumer<String> log;
  private final Consumer<Webhook> onWebhook;

  private LeadStatusWebhookServer(HttpServer server, Consumer<String> log,
      Consumer<Webhook> onWebhook) {
    this.server = server;
    this.log = log;
    this.onWebhook = onWebhook;
    this.executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "amocrm-webhook-server");
      t.setDaemon(true);
      return t;
    });
    server.createContext(PATH, this::serve);
    server.setExecutor(executor);
  }

  /**
   * Starts a server that logs lead status changes.
   *
   * @param address where to listen, such as {@code new InetSocketAddress("127.0.0.1", 0)} (any
   *     free port)
   * @param log receives one line per lead status change (and one per refused request)
   * @return the started server
   * @throws IOException if the address cannot be bound
   */
  public static LeadStatusWebhookServer start(InetSocketAddress address, Consumer<String> log)
      throws IOException {
    return start(address, log, hook -> { });
  }

  /**
   * Starts a server that logs lead status changes and hands every webhook to {@code onWebhook}.
   *
   * @param address where to listen
   * @param log receives one line per lead status change (and one per refused request)
   * @param onWebhook receives every webhook read, after its lines are logged
   * @return the started server
   * @throws IOException if the address cannot be bound
   */
  public static LeadStatusWebhookServer start(InetSocketAddress address, Consumer<String> log,
      Consumer<Webhook> onWebhook) throws IOException {
    Objects.requireNonNull(log, "log == null");
    Objects.requireNonNull(onWebhook, "onWebhook == null");
    LeadStatusWebhookServer s = new LeadStatusWebhookServer(HttpServer.create(address, 0), log,
        onWebhook);
    s.server.start();
    return s;
  }

  /** Returns the URL to subscribe: {@code http://host:port/amocrm/webhook}. */
  public URI url() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort() + PATH);
  }

  /**
   * Returns the log line of a lead status change.
   *
   * @param hook the webhook the event came in (for the account)
   * @param e a {@link WebhookEntity#LEADS} {@link WebhookAction#STATUS} event
   * @return such as {@code lead 10000001 "Deal" moved from status 1002 to 142 (pipeline 1000)
   *     in example}
   */
  public static String statusLine(Webhook hook, WebhookEvent e) {
    return "lead " + e.id() + " \"" + e.name() + "\" moved from status " + e.oldStatusId()
        + " to " + e.statusId() + " (pipeline " + e.pipelineId() + ") in " + hook.subdomain();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange; InputStream body = exchange.getRequestBody()) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        answer(exchange, 405, "POST only");
        return;
      }
      Webhook hook;
      try {
        hook = handler.handle(exchange.getRequestHeaders().getFirst("Content-Type"), body);
      } catch (WebhookFormatException e) {
        log.accept("refused a webhook (" + e.httpStatus() + "): " + e.getMessage());
        answer(exchange, e.httpStatus(), e.reason().name());
        return;
      }
      for (WebhookEvent e : hook.events(WebhookEntity.LEADS, WebhookAction.STATUS)) {
        log.accept(statusLine(hook, e));
      }
      // A real app queues the webhook here and answers at once; its work happens elsewhere.
      onWebhook.accept(hook);
      answer(exchange, 200, "ok");
    }
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
