package io.github.farolero.amocrm.internal;

import java.io.IOException;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Names this library in {@code User-Agent} and the integration in {@code X-Client-UUID}. The API
 * transport builds its requests with {@link #of these headers} already (one request object per
 * call, not one per interceptor); this interceptor adds them to any other request, such as the
 * token endpoint's.
 */
public final class ClientHeadersInterceptor implements Interceptor {

  private final Headers headers;

  public ClientHeadersInterceptor(@Nullable String clientId) {
    this.headers = of(clientId);
  }

  /** Returns the headers every request of a client carries. */
  public static Headers of(@Nullable String clientId) {
    Headers.Builder b = new Headers.Builder().add("User-Agent", Version.userAgent());
    if (clientId != null) {
      b.add("X-Client-UUID", clientId);
    }
    return b.build();
  }

  /** Returns this interceptor's headers. */
  public Headers headers() {
    return headers;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (headers.get("User-Agent").equals(request.header("User-Agent"))) {
      return chain.proceed(request); // built with them already
    }
    Request.Builder b = request.newBuilder();
    for (int i = 0; i < headers.size(); i++) {
      b.header(headers.name(i), headers.value(i));
    }
    return chain.proceed(b.build());
  }
}
