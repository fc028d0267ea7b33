package io.github.farolero.amocrm.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/** Names this library in {@code User-Agent} and the integration in {@code X-Client-UUID}. */
public final class ClientHeadersInterceptor implements Interceptor {

  private final @Nullable String clientId;

  public ClientHeadersInterceptor(@Nullable String clientId) {
    this.clientId = clientId;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request.Builder b = chain.request().newBuilder().header("User-Agent", Version.userAgent());
    if (clientId != null) {
      b.header("X-Client-UUID", clientId);
    }
    return chain.proceed(b.build());
  }
}
