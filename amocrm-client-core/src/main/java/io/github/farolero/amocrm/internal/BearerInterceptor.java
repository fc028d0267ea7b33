package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.store.TokenRecord;
import java.io.IOException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the access token at the last moment and sends it as {@code Authorization: Bearer}: the
 * last network interceptor, after the rate limiter admitted the request and its connection was
 * taken, so nothing that waits sits between choosing the token and sending it (amoCRM may kill a
 * token at any moment; one chosen before a wait in a queue may be dead by the time it is sent).
 *
 * <p>Only requests to the API's own origin carry the token: a redirect elsewhere goes without it.
 * The token sent is recorded in the request's {@link Attempt}, for the 401 path.
 */
public final class BearerInterceptor implements Interceptor {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.api");

  private final TokenManager tokens;
  private final AccountHosts hosts;
  private volatile @Nullable Bearer bearer;

  /**
   * Creates the interceptor for a fixed base URL.
   *
   * @param api the API's base URL; only requests to its scheme, host and port get the token
   */
  public BearerInterceptor(TokenManager tokens, HttpUrl api) {
    this(tokens, AccountHosts.fixed(api.host(), api));
  }

  /**
   * Creates the interceptor.
   *
   * @param hosts where the account is; only requests to its current base URL's scheme, host and
   *     port get the token
   */
  public BearerInterceptor(TokenManager tokens, AccountHosts hosts) {
    this.tokens = tokens;
    this.hosts = hosts;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!sameOrigin(request.url(), hosts.base())) {
      return chain.proceed(request.newBuilder().removeHeader("Authorization").build());
    }
    TokenRecord record = tokens.tokenForRequest();
    if (!sameOrigin(request.url(), hosts.base())) {
      // Choosing the token refreshed it and found the account moved: this request is headed for
      // the old host, and a network interceptor cannot change the host. Back out before sending;
      // the auth interceptor sends it again, to the new host.
      throw new HostMovedException();
    }
    if (log.isDebugEnabled()) {
      log.debug("{} {} with access token {} (version {}, valid until {})", request.method(),
          request.url().encodedPath(), record.accessTokenFingerprint(), record.version(),
          record.expiresAt());
    }
    Attempt attempt = request.tag(Attempt.class);
    if (attempt != null) {
      attempt.sent(record);
    }
    // The header is added from a Headers checked once per token: Request.Builder.header() would
    // check each of the token's ~1,000 characters again on every request (issue 13's profile).
    Headers headers = request.headers().newBuilder()
        .removeAll("Authorization")
        .addAll(authorization(record))
        .build();
    return chain.proceed(request.newBuilder().headers(headers).build());
  }

  /**
   * The account moved while this request was on its way: it was not sent. A {@link
   * java.net.ProtocolException} because OkHttp never retries one on its own (it would retry a
   * plain I/O error on the same host); {@link AuthInterceptor} retries it on the new host.
   */
  static final class HostMovedException extends java.net.ProtocolException {
    private static final long serialVersionUID = 1L;

    HostMovedException() {
      super("the account moved to another host while the request waited; not sent");
    }
  }

  /**
   * Returns the {@code Authorization} header for a record: made and checked once per token, not
   * per request (a token is about a kilobyte; the same record is sent until the next refresh).
   * Held in a record of its own so that the record and its header are read together.
   */
  private Headers authorization(TokenRecord record) {
    Bearer b = bearer;
    if (b == null || b.record() != record) {
      b = new Bearer(record, Headers.of("Authorization", "Bearer " + record.accessToken()));
      bearer = b;
    }
    return b.header();
  }

  /** A record and its header; its toString() never shows either. */
  private record Bearer(TokenRecord record, Headers header) {
    @Override
    public String toString() {
      return "Bearer[redacted]";
    }
  }

  /** True if both URLs have the same scheme, host and port. */
  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }
}
