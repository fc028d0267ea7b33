package io.github.farolero.amocrm.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Adds {@code Authorization: Bearer} from the {@link TokenManager}, and on a 401 retries once with
 * a newer token: the one another thread or process saved meanwhile, or one refreshed now (at most
 * one refresh). A one-shot body is never replayed: its 401 is returned as it is.
 *
 * <p>An application interceptor: OkHttp drops the header itself if a redirect leaves the host.
 */
public final class AuthInterceptor implements Interceptor {

  private final TokenManager tokens;

  public AuthInterceptor(TokenManager tokens) {
    this.tokens = tokens;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String token = tokens.accessToken();
    Response response = chain.proceed(withToken(request, token));
    if (response.code() != 401
        || !response.request().url().host().equals(request.url().host())
        || response.request().url().port() != request.url().port()) {
      return response;
    }
    RequestBody body = request.body();
    if (body != null && body.isOneShot()) {
      return response;
    }
    String retryWith;
    try {
      retryWith = tokens.tokenAfterUnauthorized(token);
    } catch (RuntimeException e) {
      response.close();
      throw e;
    }
    if (retryWith == null) {
      return response;
    }
    response.close();
    return chain.proceed(withToken(request, retryWith));
  }

  private static Request withToken(Request request, String token) {
    return request.newBuilder().header("Authorization", "Bearer " + token).build();
  }
}
