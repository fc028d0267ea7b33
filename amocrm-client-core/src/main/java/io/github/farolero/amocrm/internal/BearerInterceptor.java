package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.store.TokenRecord;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
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
  private final HttpUrl api;

  /**
   * Creates the interceptor.
   *
   * @param api the API's base URL; only requests to its scheme, host and port get the token
   */
  public BearerInterceptor(TokenManager tokens, HttpUrl api) {
    this.tokens = tokens;
    this.api = api;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (!sameOrigin(request.url(), api)) {
      return chain.proceed(request.newBuilder().removeHeader("Authorization").build());
    }
    TokenRecord record = tokens.tokenForRequest();
    if (log.isDebugEnabled()) {
      log.debug("{} {} with access token {} (version {}, valid until {})", request.method(),
          request.url().encodedPath(), record.accessTokenFingerprint(), record.version(),
          record.expiresAt());
    }
    Attempt attempt = request.tag(Attempt.class);
    if (attempt != null) {
      attempt.sent(record);
    }
    return chain.proceed(request.newBuilder()
        .header("Authorization", "Bearer " + record.accessToken())
        .build());
  }

  /** True if both URLs have the same scheme, host and port. */
  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }
}
