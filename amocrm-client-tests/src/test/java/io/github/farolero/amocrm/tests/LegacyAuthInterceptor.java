package io.github.farolero.amocrm.tests;

import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.internal.TokenManager;
import io.github.farolero.amocrm.store.TokenRecord;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The storm's negative control: the request path as it was before the token moved to the wire
 * (see {@code git show bf72db0:amocrm-client-core/src/main/java/io/github/farolero/amocrm/internal/
 * AuthInterceptor.java}). An application interceptor placed BEFORE the rate limiter's application
 * interceptor, so the token is chosen, then the request waits for its turn (about 2.3 s with 16
 * threads at 7 per second) carrying it. On a 401 it asks once for a newer token and retries once
 * through the same chain: at the back of the limiter's queue, with a token again chosen before
 * the wait.
 *
 * <p>It drives core's {@code internal} {@link TokenManager}, which is not API: acceptable here
 * only because this module is unpublished test code that must rebuild the old wiring from the
 * engine's parts; nothing published may do this.
 */
final class LegacyAuthInterceptor implements Interceptor {

  private final TokenManager tokens;

  LegacyAuthInterceptor(TokenManager tokens) {
    this.tokens = tokens;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    TokenRecord sent = tokens.tokenForRequest();
    Response response = chain.proceed(withToken(request, sent));
    if (response.code() != 401) {
      return response;
    }
    TokenManager.Retry next;
    try {
      next = tokens.afterUnauthorized(sent, () -> new AmoCrmException("401"), true);
    } catch (RuntimeException e) {
      response.close();
      throw e;
    }
    if (next == null) {
      return response;
    }
    response.close();
    return chain.proceed(withToken(request, next.record()));
  }

  private static Request withToken(Request request, TokenRecord record) {
    return request.newBuilder().header("Authorization", "Bearer " + record.accessToken()).build();
  }
}
