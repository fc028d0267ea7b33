package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.RequestListener;
import io.github.farolero.amocrm.RetryPolicy;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

/**
 * What the request hook costs without a listener. The request path (the transport, the limiter's
 * application interceptor, the token endpoint wall) is driven without a network, its answer
 * made by an interceptor, so what one call allocates is the same on every call; measured in bytes
 * the calling thread allocates (never in time). With {@link RequestListener#NONE} the hook's
 * identity checks skip every event value; a do-nothing listener shows what they skip.
 *
 * <p>Measured once against the code before the hook (the same drive through the 7-argument
 * transport and the listener-less interceptor, 7 rounds of 2,000 calls, twice each): 5,104 bytes
 * per call at the minimum and 5,104-5,137 at the median, before and after alike; with a
 * do-nothing listener about 490 bytes more.
 */
class RequestHookCostTest {

  private static final HttpUrl BASE = HttpUrl.get("https://cost.amocrm.ru/");
  private static final JsonAdapter<Map<String, Object>> MAP = Problem.OBJECT;
  private static final int CALLS = 2_000;

  @Test
  void noneIsKeptAsItselfSoTheIdentityCheckHolds() {
    assertThat(RequestEvents.safe(RequestListener.NONE)).isSameAs(RequestListener.NONE);
    RequestListener noOp = new RequestListener() {};
    assertThat(RequestEvents.safe(noOp)).isNotSameAs(RequestListener.NONE);
    RequestListener walled = RequestEvents.safe(noOp);
    assertThat(RequestEvents.safe(walled)).as("not walled twice").isSameAs(walled);
  }

  @Test
  void templatesDropIdsAndQueryAndKeepTheVersion() {
    assertThat(RequestEvents.template(HttpUrl.get("https://x.amocrm.ru/api/v4/leads/42?with=a")))
        .isEqualTo("/api/v4/leads/{id}");
    assertThat(RequestEvents.template(
        HttpUrl.get("https://x.amocrm.ru/api/v4/leads/pipelines/5/statuses/7")))
        .isEqualTo("/api/v4/leads/pipelines/{id}/statuses/{id}");
    assertThat(RequestEvents.template(
        HttpUrl.get("https://x.amocrm.ru/api/v4/leads/unsorted/ab12cd34-ef/accept")))
        .isEqualTo("/api/v4/leads/unsorted/{id}/accept");
    assertThat(RequestEvents.template(HttpUrl.get("https://x.amocrm.ru/api/v4/Leads%20X/")))
        .isEqualTo("/api/v4/{id}");
  }

  @Test
  void withoutAListenerTheHookAllocatesNothingPerCall() {
    ApiTransport none = transport(RequestListener.NONE);
    ApiTransport heard = transport(new RequestListener() {});
    perCall(none, CALLS); // warm up: class loading, JIT
    perCall(heard, CALLS);
    long[] a = new long[5];
    long[] b = new long[5];
    for (int r = 0; r < a.length; r++) { // interleaved: drift hits both alike
      a[r] = perCall(none, CALLS);
      b[r] = perCall(heard, CALLS);
    }
    long withNone = median(a);
    long withListener = median(b);
    System.out.printf("bytes per call (driven without a network): NONE %d, do-nothing listener"
        + " %d, the hook's values %d%n", withNone, withListener, withListener - withNone);
    // With a listener each call builds a template and four Durations (response and wait): at
    // least 100 bytes. Without one, none of them.
    assertThat(withListener - withNone).isGreaterThanOrEqualTo(100);
  }

  private static ApiTransport transport(RequestListener listener) {
    RateLimiters limiters = RateLimiters.shared();
    RateLimiters.Lane lane = limiters.lane("cost-" + System.identityHashCode(listener),
        "cost.amocrm.ru", RateLimit.perSecond(1_000_000_000));
    OkHttpClient http = new OkHttpClient.Builder()
        .addInterceptor(RateLimitInterceptor.application(lane, Clock.systemUTC())
            .withListener(listener))
        .addInterceptor(chain -> new Response.Builder()
            .request(chain.request()).protocol(Protocol.HTTP_1_1).code(200).message("OK")
            .body(ResponseBody.create("{}", MediaType.get("application/json")))
            .build())
        .build();
    return new ApiTransport(http, BASE, RetryPolicy.none(), d -> { }, Clock.systemUTC(),
        t -> t, ClientHeadersInterceptor.of(null), listener);
  }

  private static long perCall(ApiTransport transport, int calls) {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(id);
    for (int i = 0; i < calls; i++) {
      transport.get("leads/" + (i & 7), MAP);
    }
    return (mx.getThreadAllocatedBytes(id) - before) / calls;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
