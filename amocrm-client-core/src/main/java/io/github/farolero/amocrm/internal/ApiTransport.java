package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import io.github.farolero.amocrm.RequestListener;
import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.Sleeper;
import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.InvalidResponseException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place API v4 requests are executed: through the authenticated, rate-limited OkHttp
 * client (the limiter and the auth path are its interceptors), with retries and backoff, error
 * mapping, and JSON reading. Thread-safe.
 */
public final class ApiTransport {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.api");
  static final long MAX_BODY = 64L << 20;
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);

  /** Reads a successful body as text; called only for a 2xx answer with a non-blank body. */
  @FunctionalInterface
  interface BodyReader<T> {
    T read(String body) throws IOException;
  }

  /**
   * Reads a successful body from its bytes, already in memory and within the size bound, without
   * decoding it to a {@code String} first: Moshi reads UTF-8 bytes directly. Called only for a 2xx
   * answer with a non-blank body.
   */
  @FunctionalInterface
  interface SourceReader<T> {
    T read(BufferedSource body) throws IOException;
  }

  private final OkHttpClient http;
  private final OkHttpClient writeHttp;
  private final HttpUrl baseUrl;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;
  private final Clock clock;
  private final UnaryOperator<String> scrub;
  /** Every request's own headers: {@code Accept}, and the client's (User-Agent, client id). */
  private final Headers headers;
  /** Hears each attempt; {@link RequestListener#NONE} (checked by identity) for none. */
  private final RequestListener listener;

  /**
   * Creates the transport without a request listener.
   *
   * @param scrub removes secrets (tokens, the client secret) from texts amoCRM wrote
   * @param clientHeaders the headers every request carries ({@link ClientHeadersInterceptor#of})
   */
  public ApiTransport(OkHttpClient http, HttpUrl baseUrl, RetryPolicy retryPolicy,
      Sleeper sleeper, Clock clock, UnaryOperator<String> scrub, Headers clientHeaders) {
    this(http, baseUrl, retryPolicy, sleeper, clock, scrub, clientHeaders, RequestListener.NONE);
  }

  /**
   * Creates the transport.
   *
   * @param scrub removes secrets (tokens, the client secret) from texts amoCRM wrote
   * @param clientHeaders the headers every request carries ({@link ClientHeadersInterceptor#of})
   * @param listener hears each attempt's answer or failure and each retry
   */
  public ApiTransport(OkHttpClient http, HttpUrl baseUrl, RetryPolicy retryPolicy,
      Sleeper sleeper, Clock clock, UnaryOperator<String> scrub, Headers clientHeaders,
      RequestListener listener) {
    this.listener = RequestEvents.safe(listener);
    this.http = http;
    // OkHttp silently sends a request again on a fresh connection when the first one fails
    // (retryOnConnectionFailure), POSTs included, even when the server may have processed it:
    // a lost answer to "add 50 leads" would add them twice. Writes go without that; whether they
    // are tried again is the RetryPolicy's call alone. Nor do writes follow redirects: OkHttp
    // would send a 307/308's body to wherever it points, another host included. Same pool,
    // dispatcher and interceptors.
    this.writeHttp = http.newBuilder()
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
    this.scrub = scrub;
    this.headers = clientHeaders.newBuilder().set("Accept", "application/hal+json").build();
    this.baseUrl = baseUrl;
    this.retryPolicy = retryPolicy;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /** amoCRM's header that makes a request act on behalf of a user of the account. */
  static final String CONTEXT_USER = "X-Context-User-ID";

  private ApiTransport(ApiTransport of, Headers headers) {
    this.http = of.http;
    this.writeHttp = of.writeHttp;
    this.scrub = of.scrub;
    this.headers = headers;
    this.listener = of.listener;
    this.baseUrl = of.baseUrl;
    this.retryPolicy = of.retryPolicy;
    this.sleeper = of.sleeper;
    this.clock = of.clock;
  }

  /**
   * Returns a transport that sends this header (replacing one of the same name) on every request
   * and shares everything else with this one: the clients, their pool and interceptors.
   */
  ApiTransport withHeader(String name, String value) {
    return new ApiTransport(this, headers.newBuilder().set(name, value).build());
  }

  /** Returns the base URL API paths resolve against. */
  HttpUrl baseUrl() {
    return baseUrl;
  }

  /** Returns the URL of a path under {@code /api/v4/}, such as {@code leads/pipelines/5}. */
  HttpUrl url(String path) {
    return baseUrl.newBuilder().addPathSegments("api/v4/" + path).build();
  }

  /** GETs a path under {@code /api/v4/} and reads the answer; null for 204 No Content. */
  public <T> @Nullable T get(String path, JsonAdapter<T> adapter) {
    return get(url(path), adapter);
  }

  /** GETs a URL (built once by the caller) and reads the answer; null for 204 No Content. */
  <T> @Nullable T get(HttpUrl url, JsonAdapter<T> adapter) {
    return executeSource("GET", url, null, MAX_BODY, adapter::fromJson);
  }

  /**
   * GETs one resource: empty for 204 No Content and for 404, amoCRM's answers for an id it does
   * not have.
   */
  <T> Optional<T> find(HttpUrl url, JsonAdapter<T> adapter) {
    try {
      return Optional.ofNullable(
          executeSource("GET", url, null, MAX_BODY, (BufferedSource b) -> adapter.fromJson(b)));
    } catch (AmoCrmHttpException e) {
      // The API's own 404, not a token endpoint's answer to a refresh this request needed.
      if (e.status() == 404 && !(e instanceof OAuthException)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Sends a request and reads the answer, with the general body bound; see the overload. */
  <T> @Nullable T execute(String method, HttpUrl url, @Nullable String json,
      BodyReader<T> reader) {
    return execute(method, url, json, MAX_BODY, reader);
  }

  /** Like {@link #executeSource}, for a reader of the body's text. */
  <T> @Nullable T execute(String method, HttpUrl url, @Nullable String json, long maxBody,
      BodyReader<T> reader) {
    return executeSource(method, url, json, maxBody, body -> reader.read(body.readUtf8()));
  }

  /**
   * Sends a request and reads the answer; null for 204 No Content or an empty body.
   *
   * @param method GET, POST, PATCH or DELETE (which may carry a JSON body, as amoCRM's
   *     {@code DELETE /api/v4/webhooks} does)
   * @param url the URL (on the base URL)
   * @param json the JSON body, or null for none
   * @param maxBody the most bytes of answer body to read; a longer body is not retried
   * @param reader reads a successful body
   * @throws AmoCrmHttpException for an error answer, after the retries the policy allows
   * @throws InvalidResponseException for a body past {@code maxBody} or unreadable JSON
   * @throws AmoCrmException for I/O errors after retries, or an interrupt
   */
  <T> @Nullable T executeSource(String method, HttpUrl url, @Nullable String json, long maxBody,
      SourceReader<T> reader) {
    boolean idempotent = method.equals("GET") || method.equals("HEAD");
    boolean mayRetry = idempotent || retryPolicy.retryWrites();
    OkHttpClient client = idempotent ? http : writeHttp;
    // Immutable, its body replayable, tagged for the interceptors: sent as is on every attempt.
    Request request = request(method, url, json);
    // Without a listener (identity check) no time is read and no template built.
    boolean heard = listener != RequestListener.NONE;
    String template = heard ? RequestEvents.template(url) : "";
    for (int attempt = 1; ; attempt++) {
      boolean last = !mayRetry || attempt >= retryPolicy.maxAttempts();
      Duration delay;
      RequestListener.RetryReason reason;
      long start = heard ? System.nanoTime() : 0;
      try (Response response = client.newCall(request).execute()) {
        int code = response.code();
        if (heard) {
          listener.onResponse(method, template, code, Duration.ofNanos(System.nanoTime() - start),
              attempt);
        }
        BufferedSource body = Bodies.buffered(response.body(), maxBody);
        if (response.isSuccessful()) {
          return code == 204 || Bodies.isBlank(body) ? null : parse(method, url, reader, body);
        }
        String text = body.readUtf8();
        String retryAfterHeader = response.header(RetryAfterGuard.ORIGINAL);
        Duration retryAfter = RetryDelays.retryAfter(retryAfterHeader != null ? retryAfterHeader
            : response.header("Retry-After"), clock);
        boolean retryAfterTooLong = retryAfter != null
            && retryAfter.compareTo(retryPolicy.maxDelay()) > 0;
        if (last || !RETRYABLE.contains(code) || retryAfterTooLong) {
          MediaType type = response.body().contentType();
          throw ApiErrors.map(where(method, url), code, response.header("X-Request-Id"), type,
              text, retryAfter, attempt, scrub);
        }
        delay = delay(attempt, retryAfter);
        reason = code == 429 ? RequestListener.RetryReason.TOO_MANY_REQUESTS
            : RequestListener.RetryReason.SERVER_ERROR;
        log.warn("amoCRM answered {} to {} (attempt {} of {}); retrying in {} ms", code,
            where(method, url), attempt, retryPolicy.maxAttempts(), Durations.millis(delay));
      } catch (IOException e) {
        if (heard && !(e instanceof Bodies.TooLargeException)) {
          listener.onFailure(method, template, Duration.ofNanos(System.nanoTime() - start),
              attempt, e);
        }
        String where = where(method, url);
        if (Thread.currentThread().isInterrupted()
            || (e instanceof InterruptedIOException && e.getCause() instanceof InterruptedException)) {
          throw new AmoCrmException(where + " was interrupted", e);
        }
        if (e instanceof Bodies.TooLargeException) {
          throw new InvalidResponseException("amoCRM answered " + where + " with a body larger"
              + " than " + maxBody + " bytes, the limit for this answer; it was not read", e);
        }
        if (last) {
          throw new AmoCrmException(where + " failed" + (attempt > 1 ? " after " + attempt
              + " attempts" : "") + ": " + e, e);
        }
        delay = delay(attempt, null);
        reason = RequestListener.RetryReason.IO_ERROR;
        log.warn("{} failed (attempt {} of {}): {}; retrying in {} ms", where, attempt,
            retryPolicy.maxAttempts(), e.toString(), Durations.millis(delay));
      }
      if (heard) {
        listener.onRetry(method, template, reason, delay, attempt);
      }
      sleep(where(method, url), delay);
    }
  }

  /** Names a request in messages; built only when there is something to say. */
  private static String where(String method, HttpUrl url) {
    return method + " " + url.encodedPath();
  }

  private Duration delay(int attempt, @Nullable Duration retryAfter) {
    Duration backoff = RetryDelays.backoff(retryPolicy, attempt,
        ThreadLocalRandom.current().nextDouble());
    return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
  }

  private void sleep(String where, Duration delay) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AmoCrmException(where + " was interrupted while waiting to retry", e);
    }
  }

  /**
   * Builds a request once, with everything the interceptors would otherwise rebuild it to add:
   * the client's own headers, and the {@link Attempt} the auth and limiter interceptors share.
   */
  private Request request(String method, HttpUrl url, @Nullable String json) {
    RequestBody body = json == null ? null : RequestBody.create(json, JSON);
    return new Request.Builder().url(url).headers(headers)
        .method(method, body).tag(Attempt.class, new Attempt(false)).build();
  }

  private static <T> T parse(String method, HttpUrl url, SourceReader<T> reader,
      BufferedSource body) {
    try {
      return reader.read(body);
    } catch (JsonDataException | JsonEncodingException e) {
      throw new InvalidResponseException("amoCRM answered " + where(method, url)
          + " with JSON this client cannot read: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InvalidResponseException("amoCRM answered " + where(method, url)
          + " with a body this client cannot read: " + e, e);
    }
  }
}
