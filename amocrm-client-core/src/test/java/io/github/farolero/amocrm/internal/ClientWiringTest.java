package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.Sleeper;
import io.github.farolero.amocrm.auth.RefreshPolicy;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The wiring of one client: the library's timeouts on a caller's OkHttpClient wherever it has
 * OkHttp's defaults, and the request path's interceptors in their order.
 */
class ClientWiringTest {

  private static final HttpUrl BASE = HttpUrl.get("https://x.amocrm.ru/");

  private static ClientWiring wire(@Nullable OkHttpClient given) {
    return new ClientWiring(given, BASE, GrantKey.of("x.amocrm.ru"), "client-1", "secret-1",
        "https://app.example.com/cb", new InMemoryTokenStore(), Clock.systemUTC(),
        RefreshPolicy.defaults(), TokenListener.NONE, RateLimit.defaults(),
        RetryPolicy.defaults(), Sleeper.SYSTEM);
  }

  private static void assertTimeouts(OkHttpClient c, long connect, long read, long write,
      long call) {
    assertThat(c.connectTimeoutMillis()).as("connect").isEqualTo(connect);
    assertThat(c.readTimeoutMillis()).as("read").isEqualTo(read);
    assertThat(c.writeTimeoutMillis()).as("write").isEqualTo(write);
    assertThat(c.callTimeoutMillis()).as("call").isEqualTo(call);
  }

  @Test
  void withoutAClientTheLibrarysTimeoutsApply() {
    ClientWiring w = wire(null);
    // API calls: each connect, read and write bounded, no whole-call watchdog (it costs every
    // request); the token endpoint: a call timeout too, which the engine's flight bound needs.
    assertTimeouts(w.apiHttp(), 10_000, 30_000, 30_000, 0);
    assertTimeouts(w.tokenHttp(), 10_000, 30_000, 30_000, 90_000);
  }

  @Test
  void aClientWithOkHttpsDefaultsGetsTheLibrarysTimeouts() {
    OkHttpClient given = new OkHttpClient();
    assertTimeouts(given, 10_000, 10_000, 10_000, 0); // OkHttp's defaults, as assumed
    ClientWiring w = wire(given);
    assertTimeouts(w.apiHttp(), 10_000, 30_000, 30_000, 0);
    assertTimeouts(w.tokenHttp(), 10_000, 30_000, 30_000, 90_000);
  }

  @Test
  void aTimeoutTheCallerSetIsKeptAndOnlyTheDefaultOnesChange() {
    OkHttpClient given = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
    ClientWiring w = wire(given);
    assertTimeouts(w.apiHttp(), 10_000, 5_000, 30_000, 0);
    assertTimeouts(w.tokenHttp(), 10_000, 5_000, 30_000, 90_000);

    OkHttpClient all = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(3))
        .readTimeout(Duration.ofSeconds(4)).writeTimeout(Duration.ofSeconds(6))
        .callTimeout(Duration.ofSeconds(20)).build();
    assertTimeouts(wire(all).apiHttp(), 3_000, 4_000, 6_000, 20_000);
    assertTimeouts(wire(all).tokenHttp(), 3_000, 4_000, 6_000, 20_000);
    // A value equal to OkHttp's default cannot be told from one left unset: it is the library's.
    OkHttpClient tenSeconds = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10))
        .build();
    assertThat(wire(tenSeconds).apiHttp().readTimeoutMillis()).isEqualTo(30_000);
  }

  @Test
  void theCallersClientIsSharedNotChanged() {
    Interceptor mine = chain -> chain.proceed(chain.request());
    OkHttpClient given = new OkHttpClient.Builder().addInterceptor(mine).build();
    ClientWiring w = wire(given);
    assertThat(w.apiHttp().connectionPool()).isSameAs(given.connectionPool());
    assertThat(w.apiHttp().dispatcher()).isSameAs(given.dispatcher());
    assertThat(w.tokenHttp().connectionPool()).isSameAs(given.connectionPool());
    assertTimeouts(given, 10_000, 10_000, 10_000, 0);
    assertThat(given.interceptors()).containsExactly(mine);
    assertThat(w.apiHttp().interceptors().get(0)).isSameAs(mine);
  }

  /**
   * The request path, outside in: the auth interceptor, the reroute to the account's current host
   * (inside the auth interceptor, so a retry after a move goes to the new host), the limiter's
   * wait; on the wire side the
   * Retry-After guard, the limiter's check of what is sent, and the bearer interceptor last, so
   * the token is chosen after every wait.
   */
  @Test
  void theRequestPathKeepsItsOrder() {
    ClientWiring w = wire(null);
    assertThat(types(w.apiHttp().interceptors())).containsExactly(
        ClientHeadersInterceptor.class, AuthInterceptor.class,
        RateLimitInterceptor.class);
    assertThat(types(w.apiHttp().networkInterceptors())).containsExactly(
        RetryAfterGuard.class, RateLimitInterceptor.class, BearerInterceptor.class);
    assertThat(types(w.tokenHttp().interceptors())).containsExactly(
        ClientHeadersInterceptor.class);
    assertThat(types(w.tokenHttp().networkInterceptors())).containsExactly(
        RetryAfterGuard.class, RateLimitInterceptor.class);
    assertThat(w.tokenHttp().followRedirects()).isFalse();
    assertThat(w.tokenHttp().followSslRedirects()).isFalse();
  }

  private static List<Class<?>> types(List<Interceptor> interceptors) {
    return interceptors.stream().<Class<?>>map(Object::getClass).toList();
  }
}
