package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.error.InvalidResponseException;
import io.github.farolero.amocrm.model.Lead;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paging through the whole client against a scripted server: next links that go round and pages
 * too large to hold end the stream with {@link InvalidResponseException} after a bounded number of
 * requests; a normal listing still reads to the end.
 */
class PagingSafetyTest {

  private static final String DOMAIN = "example.amocrm.ru";
  private static final String LEADS = "/api/v4/leads";
  /** Past this many requests the script answers 204, so a client that loops fails, not hangs. */
  private static final int RUNAWAY = 50;

  private final String token = longLivedToken();
  private final AtomicInteger leadRequests = new AtomicInteger();
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A client on the server, whose GET /api/v4/leads answers come from {@code pages}. */
  private AmoCrmClient client(Function<HttpUrl, MockResponse> pages) {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        if (!url.encodedPath().equals(LEADS)) {
          return new MockResponse.Builder().code(404).build();
        }
        if (leadRequests.incrementAndGet() > RUNAWAY) {
          return new MockResponse.Builder().code(204).build();
        }
        return pages.apply(url);
      }
    });
    return AmoCrmClient.builder()
        .accountDomain(DOMAIN)
        .baseUrl(server.url("/"))
        .longLivedToken(token)
        .rateLimit(RateLimit.perSecond(10_000))
        .retryPolicy(RetryPolicy.none())
        .build();
  }

  private static int pageOf(HttpUrl url) {
    String page = url.queryParameter("page");
    return page == null ? 1 : Integer.parseInt(page);
  }

  /** A HAL page as amoCRM writes it: next links absolute on the account's host. */
  private static MockResponse page(int number, @Nullable String nextQuery, LongStream ids) {
    String items = ids.mapToObj(id -> "{\"id\":" + id + ",\"name\":\"Lead " + id + "\"}")
        .collect(Collectors.joining(","));
    String links = "\"self\":{\"href\":\"https://" + DOMAIN + LEADS + "?page=" + number + "\"}"
        + (nextQuery == null ? ""
            : ",\"next\":{\"href\":\"https://" + DOMAIN + LEADS + "?" + nextQuery + "\"}");
    return hal("{\"_page\":" + number + ",\"_links\":{" + links + "},\"_embedded\":{\"leads\":["
        + items + "]}}");
  }

  private static MockResponse hal(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/hal+json")
        .body(body).build();
  }

  /** Collects ids until the stream ends or throws; returns what it threw, or null. */
  private static @Nullable Throwable drain(AmoCrmClient client, List<Long> ids) {
    return catchThrowable(() -> client.leads().stream(ListRequest.builder().limit(250).build())
        .forEach(lead -> ids.add(lead.id())));
  }

  /** Negative control: three pages of 250, 250 and 3 items are read whole, in order. */
  @Test
  void aNormalListingOfThreePagesReadsToTheEnd() {
    AmoCrmClient client = client(url -> switch (pageOf(url)) {
      case 1 -> page(1, "page=2&limit=250", LongStream.rangeClosed(1, 250));
      case 2 -> page(2, "page=3&limit=250", LongStream.rangeClosed(251, 500));
      default -> page(3, null, LongStream.rangeClosed(501, 503));
    });
    List<Long> ids = new ArrayList<>();
    assertThat(drain(client, ids)).isNull();
    assertThat(ids).isEqualTo(LongStream.rangeClosed(1, 503).boxed().toList());
    assertThat(leadRequests).hasValue(3);
  }

  /** Page 2 links to page 1 again: without the check the script would serve pages for ever. */
  @Test
  void aNextLinkBackToPageOneFailsAfterTwoRequests() {
    AmoCrmClient client = client(url -> pageOf(url) == 1
        ? page(1, "page=2&limit=250", LongStream.of(1, 2))
        : page(2, "page=1&limit=250", LongStream.of(3, 4)));
    List<Long> ids = new ArrayList<>();
    assertThat(drain(client, ids)).isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining(LEADS).hasMessageContaining("page 1")
        .hasMessageNotContaining(token.substring(token.length() - 20));
    assertThat(ids).containsExactly(1L, 2L, 3L, 4L);
    assertThat(leadRequests).hasValue(2);
  }

  /** Page 1 links to the very URL it was read from. */
  @Test
  void aNextLinkToItselfFailsAfterOneRequest() {
    AmoCrmClient client = client(url -> page(1, "limit=250", LongStream.of(7)));
    List<Long> ids = new ArrayList<>();
    assertThat(drain(client, ids)).isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining(LEADS).hasMessageContaining("a URL already requested");
    assertThat(ids).containsExactly(7L);
    assertThat(leadRequests).hasValue(1);
  }

  /** A 17 MiB page is refused at the 16 MiB bound, before it is read whole into the heap. */
  @Test
  void aSeventeenMebibytePageIsRefusedAtTheBound() {
    Buffer huge = new Buffer().writeUtf8("{\"_page\":1,\"_embedded\":{\"leads\":[");
    String item = "{\"id\":1,\"name\":\"" + "x".repeat(1000) + "\"},";
    while (huge.size() < 17L << 20) {
      huge.writeUtf8(item);
    }
    huge.writeUtf8("{\"id\":2}]}}");
    AmoCrmClient client = client(url -> new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json").body(huge).build());
    assertThatThrownBy(() -> client.leads().stream().count())
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("GET " + LEADS)
        .hasMessageContaining(String.valueOf(16L << 20))
        .hasMessageNotContaining("xxxxxxxxxx");
    assertThat(leadRequests).hasValue(1);
  }

  @Test
  void aPageOf251ItemsIsRefused() {
    AmoCrmClient client = client(url -> page(1, null, LongStream.rangeClosed(1, 251)));
    List<Long> ids = new ArrayList<>();
    assertThat(drain(client, ids)).isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("GET " + LEADS).hasMessageContaining("251 items")
        .hasMessageContaining("at most 250");
    assertThat(ids).isEmpty();
    assertThatThrownBy(() -> client.leads().page(ListRequest.all()))
        .isInstanceOf(InvalidResponseException.class);
    assertThat(leadRequests).hasValue(2);
  }

  @Test
  void unreadableJsonInAPageIsAnInvalidResponse() {
    AmoCrmClient client = client(url -> hal("{\"_page\":1,\"_embedded\":{\"leads\":[{\"id\":"));
    assertThat(catchThrowable(() -> client.leads().stream().count()))
        .isInstanceOf(InvalidResponseException.class).hasMessageContaining("GET " + LEADS);
  }

  /** A JWT with an {@code exp} claim a year ahead and an unverifiable signature. */
  private static String longLivedToken() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long exp = Instant.now().plusSeconds(365L * 24 * 3600).getEpochSecond();
    return b64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString(("{\"exp\":" + exp + ",\"api_domain\":\"" + DOMAIN + "\"}")
            .getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString("not-a-real-signature-but-long-enough".getBytes(
            StandardCharsets.UTF_8));
  }
}
