package io.github.farolero.amocrm.internal;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Sends a request to the account's current host: after the account moved to another domain, a
 * request built on the old base URL goes to the new one ({@link AccountHosts#reroute}). Inside the
 * auth interceptor, so a request retried after the 401 that revealed the move goes to the new host
 * too; outside the limiter, which counts every host of the account as one.
 */
final class RerouteInterceptor implements Interceptor {

  private final AccountHosts hosts;

  RerouteInterceptor(AccountHosts hosts) {
    this.hosts = hosts;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    HttpUrl url = chain.request().url();
    HttpUrl to = hosts.reroute(url);
    return to == url ? chain.proceed(chain.request())
        : chain.proceed(chain.request().newBuilder().url(to).build());
  }
}
