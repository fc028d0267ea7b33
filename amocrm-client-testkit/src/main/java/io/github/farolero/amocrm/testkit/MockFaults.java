package io.github.farolero.amocrm.testkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.jspecify.annotations.Nullable;

/**
 * Fault switches of a {@link MockAmoCrmServer}'s API ({@code /api/v4/...}; the token endpoint has
 * its own): latency, scripted error statuses, dropped connections and raw answers. Scripted faults
 * answer the next API requests in the order they were added, whatever they ask; each such request
 * is still counted and passes the rate window first.
 *
 * <pre>{@code
 * amo.faults().failNext(2, 503);     // the next two API requests get 503 (HTML)
 * amo.faults().dropNext(1);          // the one after that loses its connection
 * amo.faults().latency(Duration.ofMillis(200));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class MockFaults {

  /** The answer the API would give anyway: a scripted turn that lets a request through. */
  private static final MockResponse PASS = new MockResponse.Builder().code(200).build();

  private final AtomicLong latencyMillis = new AtomicLong();
  private final Deque<MockResponse> scripted = new ArrayDeque<>(); // guarded by itself

  MockFaults() {}

  /**
   * Delays every API answer's headers.
   *
   * @param latency the delay; zero for none
   * @return this
   */
  public MockFaults latency(Duration latency) {
    latencyMillis.set(Objects.requireNonNull(latency, "latency == null").toMillis());
    return this;
  }

  /**
   * Answers the next {@code count} API requests with {@code status} and an nginx-style HTML page,
   * as amoCRM's front servers do for 5xx and 429.
   *
   * @param count how many requests
   * @param status the HTTP status, such as 500, 502, 503, 504 or 429
   * @return this
   */
  public MockFaults failNext(int count, int status) {
    return failNext(count, status, null);
  }

  /**
   * Like {@link #failNext(int, int)}, with a {@code Retry-After} header.
   *
   * @param count how many requests
   * @param status the HTTP status
   * @param retryAfter the {@code Retry-After} in whole seconds, or null for none
   * @return this
   */
  public MockFaults failNext(int count, int status, @Nullable Duration retryAfter) {
    checkCount(count);
    for (int i = 0; i < count; i++) {
      MockResponse.Builder r = new MockResponse.Builder().code(status)
          .addHeader("Content-Type", "text/html")
          .body(MockJson.html(status, reason(status)));
      if (retryAfter != null) {
        r.addHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
      }
      add(r.build());
    }
    return this;
  }

  /**
   * Drops the connection of the next {@code count} API requests after reading them, before any
   * answer: the client sees an I/O error (and the request may or may not have been processed).
   *
   * @param count how many requests
   * @return this
   */
  public MockFaults dropNext(int count) {
    checkCount(count);
    for (int i = 0; i < count; i++) {
      add(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, false,
          false)).build());
    }
    return this;
  }

  /**
   * Lets the next {@code count} API requests through, answered as usual, before the faults added
   * after this: {@code passNext(1).failNext(1, 503)} fails the second request from now.
   *
   * @param count how many requests
   * @return this
   */
  public MockFaults passNext(int count) {
    checkCount(count);
    for (int i = 0; i < count; i++) {
      add(PASS);
    }
    return this;
  }

  /**
   * Answers the next API request with exactly this.
   *
   * @param status the HTTP status
   * @param contentType the Content-Type, or null for none
   * @param body the body
   * @return this
   */
  public MockFaults answerNext(int status, @Nullable String contentType, String body) {
    return answerNext(status, contentType, body, Map.of());
  }

  /**
   * Answers the next API request with exactly this, headers included (an {@code X-Request-Id},
   * a {@code Retry-After}).
   *
   * @param status the HTTP status
   * @param contentType the Content-Type, or null for none
   * @param body the body
   * @param headers more headers
   * @return this
   */
  public MockFaults answerNext(int status, @Nullable String contentType, String body,
      Map<String, String> headers) {
    MockResponse.Builder r = new MockResponse.Builder().code(status).body(body);
    if (contentType != null) {
      r.addHeader("Content-Type", contentType);
    }
    headers.forEach(r::addHeader);
    add(r.build());
    return this;
  }

  /** Forgets every scripted fault not yet used and sets the latency to zero. */
  public void clear() {
    synchronized (scripted) {
      scripted.clear();
    }
    latencyMillis.set(0);
  }

  /** Returns the next scripted answer, or null to answer as usual. */
  @Nullable MockResponse poll() {
    MockResponse next;
    synchronized (scripted) {
      next = scripted.poll();
    }
    return next == PASS ? null : next;
  }

  MockResponse.Builder delayed(MockResponse.Builder r) {
    long ms = latencyMillis.get();
    return ms > 0 ? r.headersDelay(ms, TimeUnit.MILLISECONDS) : r;
  }

  private void add(MockResponse r) {
    synchronized (scripted) {
      scripted.add(r);
    }
  }

  private static void checkCount(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count < 1: " + count);
    }
  }

  static String reason(int status) {
    return switch (status) {
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Temporarily Unavailable";
      case 504 -> "Gateway Time-out";
      default -> "Error";
    };
  }
}
