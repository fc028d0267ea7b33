package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.TokenRecord;
import java.io.IOException;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a request amoCRM refused with 401, with a token strictly newer than the refused one:
 * the store's newest (another thread or process refreshed) or one refreshed now under the lock.
 * The retry goes ahead of the rate limiter's queue (it still counts in the window), and a retry
 * refused again is retried again only while each carries a newer token, at most {@value
 * #MAX_RETRIES} times; one request causes at most one refresh (a pair amoCRM refuses as soon as
 * it is issued will not be helped by another). A one-shot body is never replayed: its 401 is
 * returned as it is.
 *
 * <p>The outermost of the API client's own application interceptors; it also sends each request
 * to the account's current host. It does not choose the token: {@link BearerInterceptor} does,
 * on the wire side, after the limiter's wait.
 */
public final class AuthInterceptor implements Interceptor {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.api");

  static final int MAX_RETRIES = 3;

  private final TokenManager tokens;
  private final AccountHosts hosts;

  /**
   * Creates the interceptor for a fixed base URL.
   *
   * @param api the API's base URL: only its 401s are about our token
   */
  public AuthInterceptor(TokenManager tokens, HttpUrl api) {
    this(tokens, AccountHosts.fixed(api.host(), api));
  }

  /**
   * Creates the interceptor.
   *
   * @param hosts where the account is: only the 401s of a host the token was sent to (the current
   *     one, or the one it was before a move this request revealed) are about our token
   */
  public AuthInterceptor(TokenManager tokens, AccountHosts hosts) {
    this.tokens = tokens;
    this.hosts = hosts;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Attempt attempt = request.tag(Attempt.class);
    Response response;
    if (attempt != null && !attempt.retry()) {
      response = proceed(chain, request); // the transport tagged it already
    } else {
      attempt = new Attempt(false);
      response = proceed(chain, tagged(request, attempt));
    }
    boolean refreshed = false;
    for (int retries = 0; ; retries++) {
      TokenRecord refused = attempt.sent();
      if (response.code() != 401 || refused == null || retries >= MAX_RETRIES
          || !sentTo(response.request().url())) {
        return response;
      }
      RequestBody body = request.body();
      if (body != null && body.isOneShot()) {
        return response;
      }
      TokenManager.Retry next;
      try {
        next = tokens.afterUnauthorized(refused, refusal(response), !refreshed);
      } catch (RuntimeException e) {
        response.close();
        throw e;
      }
      if (next == null) {
        log.debug("amoCRM refused access token {} of {} (401 to {} {}); no newer token to retry"
            + " with", refused.accessTokenFingerprint(), refused.key(), request.method(),
            request.url().encodedPath());
        return response;
      }
      log.debug("amoCRM refused access token {} of {} (401 to {} {}); retrying with {} ({})",
          refused.accessTokenFingerprint(), refused.key(), request.method(),
          request.url().encodedPath(), next.record().accessTokenFingerprint(),
          next.refreshed() ? "refreshed now" : "saved meanwhile");
      refreshed |= next.refreshed();
      response.close();
      attempt = new Attempt(true);
      response = proceed(chain, tagged(request, attempt));
    }
  }

  /**
   * Proceeds to the account's current host, and again (to the new host) while the request backs
   * out because the account moved while it waited; a move is rare, so a few tries are plenty.
   * A request built on the old base URL goes to the new one ({@link AccountHosts#reroute}): here,
   * inside the retries, so a request retried after the 401 that revealed the move goes there too,
   * and outside the limiter, which counts every host of the account as one.
   */
  private Response proceed(Chain chain, Request request) throws IOException {
    for (int tries = 1; ; tries++) {
      try {
        return chain.proceed(rerouted(request));
      } catch (BearerInterceptor.HostMovedException e) {
        if (tries >= MAX_RETRIES) {
          throw e;
        }
      }
    }
  }

  private Request rerouted(Request request) {
    HttpUrl url = request.url();
    HttpUrl to = hosts.reroute(url);
    return to == url ? request : request.newBuilder().url(to).build();
  }

  /**
   * True if the 401 came from a host the token was sent to: the current base, or the configured
   * one (where a request goes until it learns of a move). Not a host a redirect led to.
   */
  private boolean sentTo(HttpUrl url) {
    return BearerInterceptor.sameOrigin(url, hosts.base())
        || BearerInterceptor.sameOrigin(url, hosts.configured());
  }

  /** Describes amoCRM's 401, read only if needed (a long-lived token's refusal keeps it). */
  private Supplier<AmoCrmException> refusal(Response response) {
    return () -> {
      String body;
      try {
        body = response.peekBody(ApiErrors.MAX_PEEK).string();
      } catch (IOException e) {
        body = "";
      }
      return ApiErrors.map(response.request().method() + " " + response.request().url()
              .encodedPath(), 401, response.header("X-Request-Id"), response.body().contentType(),
          body, null, 1, tokens::scrub);
    };
  }

  private static Request tagged(Request request, Attempt attempt) {
    return request.newBuilder().tag(Attempt.class, attempt).build();
  }
}
