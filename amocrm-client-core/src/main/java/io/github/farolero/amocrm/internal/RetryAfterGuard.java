package io.github.farolero.amocrm.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps OkHttp from dying on a {@code Retry-After} it cannot read. OkHttp's own follow-up logic
 * (for a 503 or a 408) parses an all-digit {@code Retry-After} with {@code Integer.valueOf}, so a
 * value past 2,147,483,647 seconds ended the call with an unchecked
 * {@code NumberFormatException} instead of the answer. A network interceptor sees the answer
 * first: it clamps such a value for OkHttp (still "not now"), and keeps the server's own value in
 * {@link #ORIGINAL} for the transport, which reads it with {@link RetryDelays#retryAfter}.
 */
public final class RetryAfterGuard implements Interceptor {

  /** The server's {@code Retry-After} when this guard had to clamp it. */
  static final String ORIGINAL = "X-AmoCrm-Client-Original-Retry-After";

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    String retryAfter = response.header("Retry-After");
    if (retryAfter == null || !tooBigForOkHttp(retryAfter.strip())) {
      return response;
    }
    return response.newBuilder()
        .header(ORIGINAL, retryAfter)
        .header("Retry-After", Integer.toString(Integer.MAX_VALUE))
        .build();
  }

  private static boolean tooBigForOkHttp(String value) {
    if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    try {
      Integer.parseInt(value);
      return false;
    } catch (NumberFormatException e) {
      return true;
    }
  }
}
