package io.github.farolero.amocrm.benchmarks;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Figure 6: every lead of an account, 250 a page, through {@code client.leads().iterator(...)}
 * (what {@code stream(...)} wraps), beside bare OkHttp + stock Moshi following {@code
 * _links.next} over the same pages.
 *
 * <p>The leads are seeded in the testkit's {@code MockAmoCrmServer} ({@code seedLeads}). In the
 * {@linkplain #recorded recorded} form, each page is fetched from the mock once and then served
 * from memory by a {@link FixedAnswerServer} (its links pointed at that server): the mock's own
 * work per page (building 115 KB of JSON) would add the same time to both sides and pull the
 * ratio towards 1, which would flatter the library. The {@linkplain #live live} form streams from
 * the mock itself, as a user's tests would. Thread-safe; one stream at a time is meant.
 */
final class Streaming implements AutoCloseable {

  private final @Nullable MockAmoCrmServer mock;
  private final @Nullable FixedAnswerServer replay;
  private final HttpUrl base;
  private final String token;
  private final AmoCrmClient client;
  private final OkHttpClient http = new OkHttpClient();
  private final int leads;

  private Streaming(int leads, boolean recorded) {
    this.leads = leads;
    MockAmoCrmServer mock = MockAmoCrmServer.builder().noRateLimit().start();
    this.mock = mock;
    mock.seedLeads(leads);
    this.token = mock.issueLongLivedToken(Duration.ofDays(365)).accessToken();
    if (recorded) {
      Map<String, byte[]> pages = new ConcurrentHashMap<>();
      this.replay = FixedAnswerServer.start(target -> pages.get(pageOf(target)),
          "application/hal+json");
      record(pages, mock.baseUrl(), replay.url());
      this.base = replay.url();
      mock.close();
    } else {
      this.replay = null;
      this.base = mock.baseUrl();
    }
    this.client = AmoCrmClient.builder()
        .accountDomain(mock.accountDomain())
        .baseUrl(base)
        .clientId(Bench.clientId())
        .longLivedToken(token)
        .rateLimit(Bench.UNLIMITED)
        .build();
  }

  private Streaming(HttpUrl base, String accountDomain, String token, int leads) {
    this.leads = leads;
    this.mock = null;
    this.replay = null;
    this.base = base;
    this.token = token;
    this.client = AmoCrmClient.builder()
        .accountDomain(accountDomain)
        .baseUrl(base)
        .clientId(Bench.clientId())
        .longLivedToken(token)
        .rateLimit(Bench.UNLIMITED)
        .build();
  }

  /** Streams from pages another process serves (the heap measurement's child JVMs). */
  static Streaming attach(HttpUrl base, String accountDomain, String token, int leads) {
    return new Streaming(base, accountDomain, token, leads);
  }

  /** The account's domain. */
  String accountDomain() {
    return client.grantKey().domain();
  }

  /** The leads of a fresh mock, replayed from memory. */
  static Streaming recorded(int leads) {
    return new Streaming(leads, true);
  }

  /** The leads of a fresh mock, streamed from the mock. */
  static Streaming live(int leads) {
    return new Streaming(leads, false);
  }

  /** How many leads a stream yields. */
  int leads() {
    return leads;
  }

  /** The page a request asks for: its {@code page} parameter, 1 if none. */
  private static String pageOf(String target) {
    HttpUrl url = HttpUrl.get("http://x" + target);
    String page = url.queryParameter("page");
    return page == null ? "1" : page;
  }

  /** Fetches every page from the mock once, its links rewritten to point at {@code to}. */
  private void record(Map<String, byte[]> pages, HttpUrl from, HttpUrl to) {
    String fromBase = from.scheme() + "://" + from.host() + ":" + from.port();
    String toBase = to.scheme() + "://" + to.host() + ":" + to.port();
    HttpUrl url = firstPage(from);
    while (url != null) {
      try (Response r = http.newCall(get(url)).execute()) {
        if (r.code() != 200) {
          throw new IllegalStateException("the mock answered " + r.code() + " to " + url);
        }
        String json = r.body().string();
        pages.put(pageOf(url.encodedPath() + "?" + url.encodedQuery()),
            json.replace(fromBase, toBase).getBytes(StandardCharsets.UTF_8));
        BareJson.LeadsPage page = BareJson.LEADS_PAGE.fromJson(json);
        url = page == null || page.links() == null || page.links().next() == null ? null
            : HttpUrl.get(page.links().next().href());
      } catch (IOException e) {
        throw new IllegalStateException("recording the pages failed", e);
      }
    }
  }

  private static HttpUrl firstPage(HttpUrl base) {
    return base.newBuilder().addPathSegments("api/v4/leads")
        .addQueryParameter("limit", "250").build();
  }

  private Request get(HttpUrl url) {
    return new Request.Builder().url(url).header("Authorization", "Bearer " + token).build();
  }

  /** The library: every lead through the client's lazy iterator; returns the sum of their ids. */
  long library() {
    long sum = 0;
    long count = 0;
    Iterator<Lead> it = client.leads().iterator(ListRequest.builder().limit(250).build());
    while (it.hasNext()) {
      Lead lead = it.next();
      sum += lead.id() == null ? 0 : lead.id();
      count++;
    }
    check(count);
    return sum;
  }

  /** The baseline: bare paging; returns the sum of the leads' ids. */
  long bare() throws IOException {
    long sum = 0;
    long count = 0;
    HttpUrl url = firstPage(base);
    while (url != null) {
      try (Response r = http.newCall(get(url)).execute()) {
        if (r.code() == 204) {
          break;
        }
        if (r.code() != 200) {
          throw new IOException("HTTP " + r.code());
        }
        BareJson.LeadsPage page = BareJson.LEADS_PAGE.fromJson(r.body().source());
        if (page == null) {
          throw new IOException("null page");
        }
        if (page.embedded() != null && page.embedded().leads() != null) {
          for (BareJson.Lead lead : page.embedded().leads()) {
            sum += lead.id() == null ? 0 : lead.id();
            count++;
          }
        }
        url = page.links() == null || page.links().next() == null ? null
            : HttpUrl.get(page.links().next().href());
      }
    }
    check(count);
    return sum;
  }

  private void check(long count) {
    if (count != leads) {
      throw new IllegalStateException("streamed " + count + " leads, expected " + leads);
    }
  }

  /** The base URL both sides read from. */
  HttpUrl baseUrl() {
    return base;
  }

  /** The token both sides send. */
  String token() {
    return token;
  }

  @Override
  public void close() {
    http.connectionPool().evictAll();
    if (replay != null) {
      replay.close(); // the mock was closed once the pages were recorded
    } else if (mock != null) {
      mock.close();
    }
  }
}
