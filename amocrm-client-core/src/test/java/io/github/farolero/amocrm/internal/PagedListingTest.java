package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.farolero.amocrm.RetryPolicy;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.InvalidResponseException;
import io.github.farolero.amocrm.model.Lead;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paging against scripted answers: laziness, a base path, next links that go round (a typed
 * error), and a failed page tried again.
 */
class PagedListingTest {

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

  private PagedListing<Lead> leads(HttpUrl base) {
    return leads(base, 250);
  }

  private PagedListing<Lead> leads(HttpUrl base, @Nullable Integer defaultLimit) {
    ApiTransport transport = new ApiTransport(new OkHttpClient(), base, RetryPolicy.none(),
        d -> {
          throw new AssertionError("no retries here");
        }, Clock.systemUTC(), t -> t, ClientHeadersInterceptor.of(null));
    return new PagedListing<>(transport, "leads", "leads", ModelJson.adapter(Lead.class),
        defaultLimit);
  }

  private static MockResponse page(Integer number, String next, long... ids) {
    StringBuilder items = new StringBuilder();
    for (long id : ids) {
      items.append(items.length() == 0 ? "" : ",").append("{\"id\":").append(id).append('}');
    }
    String body = "{" + (number == null ? "" : "\"_page\":" + number + ",")
        + "\"_links\":{" + (next == null ? "" : "\"next\":{\"href\":\"" + next + "\"}")
        + "},\"_embedded\":{\"leads\":[" + items + "]}}";
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/hal+json")
        .body(body).build();
  }

  @Test
  void aPageLargerThanTheBoundIsRefusedUnparsed() {
    String head = "{\"_embedded\":{\"leads\":[{\"id\":1}]}}";
    String body = head + " ".repeat((int) PagedListing.MAX_PAGE_BYTES - head.length() + 1);
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json").body(body).build());
    Throwable thrown = catchThrowable(() -> leads(server.url("/")).page(ListRequest.all()));
    assertThat(thrown).isInstanceOf(InvalidResponseException.class)
        .hasMessage("amoCRM answered GET /api/v4/leads with a body larger than 16777216 bytes,"
            + " the limit for this answer; it was not read");
  }

  @Test
  void aPageAtTheBoundIsRead() {
    String head = "{\"_embedded\":{\"leads\":[{\"id\":1}]}}";
    String body = head + " ".repeat((int) PagedListing.MAX_PAGE_BYTES - head.length());
    server.enqueue(new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/hal+json").body(body).build());
    assertThat(leads(server.url("/")).page(ListRequest.all()).items()).extracting(Lead::id)
        .containsExactly(1L);
  }

  @Test
  void aStreamFetchesNothingUntilUsedAndOnlyWhatIsUsed() {
    server.enqueue(page(1, "https://example.amocrm.ru/api/v4/leads?page=2", 1, 2));
    server.enqueue(page(2, null, 3));
    try (Stream<Lead> stream = leads(server.url("/")).stream(ListRequest.all())) {
      assertThat(server.getRequestCount()).isZero();
      assertThat(stream.findFirst()).map(Lead::id).contains(1L);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theServiceDefaultLimitAppliesOnlyWhenNoneWasSet() {
    HttpUrl base = server.url("/");
    assertThat(leads(base).firstUrl(ListRequest.all()).queryParameterNames())
        .containsExactly("limit");
    assertThat(leads(base, null).firstUrl(ListRequest.all()).querySize()).isZero();
    assertThat(leads(base).firstUrl(ListRequest.builder().limit(10).build().newBuilder().build())
        .queryParameterValues("limit")).containsExactly("10");
  }

  /** A proxy at a path prefix: amoCRM's absolute next link is followed through the proxy. */
  @Test
  void nextLinksOnTheAccountHostAreFollowedUnderTheBasePath() throws Exception {
    server.enqueue(page(1, "https://example.amocrm.ru/api/v4/leads?page=2&limit=250", 1));
    server.enqueue(page(2, null, 2));
    assertThat(leads(server.url("/amo/")).stream(ListRequest.all()).map(Lead::id))
        .containsExactly(1L, 2L);
    assertThat(server.takeRequest().getTarget()).isEqualTo("/amo/api/v4/leads?limit=250");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/amo/api/v4/leads?page=2&limit=250");
  }

  @Test
  void filtersAndSpecialCharactersAreEncodedAsAmoCrmReadsThem() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    assertThat(leads(server.url("/")).page(ListRequest.builder()
        .filter("id", List.of(1L, 2L)).order("created_at", ListRequest.Direction.ASC)
        .with("contacts", "loss_reason").query("+7 999 & co=1/#?").build()).items()).isEmpty();
    HttpUrl sent = server.takeRequest().getUrl();
    assertThat(sent.queryParameterValues("filter[id][]")).containsExactly("1", "2");
    assertThat(sent.queryParameter("order[created_at]")).isEqualTo("asc");
    assertThat(sent.queryParameter("with")).isEqualTo("contacts,loss_reason");
    assertThat(sent.queryParameter("query")).isEqualTo("+7 999 & co=1/#?");
    assertThat(sent.encodedQuery()).contains("query=%2B7%20999%20%26%20co%3D1%2F%23%3F")
        .contains("filter%5Bid%5D%5B%5D=1");
  }

  /** Collects ids until the iterator ends or throws; what it threw, if anything, is returned. */
  private static @Nullable Throwable drain(Iterator<Lead> it, List<Long> ids) {
    return catchThrowable(() -> {
      while (it.hasNext()) {
        ids.add(it.next().id());
      }
    });
  }

  /**
   * Page 2 links back to page 1: the stream fails after handing out pages 1 and 2, instead of
   * going round for ever or ending as if the list were complete. (It ended quietly before.)
   */
  @Test
  void aNextLinkBackToAnEarlierPageFailsTheStream() {
    server.enqueue(page(1, "https://example.amocrm.ru/api/v4/leads?page=2", 1, 2));
    server.enqueue(page(2, "https://example.amocrm.ru/api/v4/leads?page=1", 3, 4));
    for (int i = 0; i < 5; i++) { // what a loop would fetch
      server.enqueue(page(1, "https://example.amocrm.ru/api/v4/leads?page=2", 1, 2));
      server.enqueue(page(2, "https://example.amocrm.ru/api/v4/leads?page=1", 3, 4));
    }
    List<Long> ids = new ArrayList<>();
    assertThat(drain(leads(server.url("/")).iterator(ListRequest.all()), ids))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("GET /api/v4/leads")
        .hasMessageContaining("the next link of page 2 leads back to page 1");
    assertThat(ids).containsExactly(1L, 2L, 3L, 4L);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  /** No page number in the link: a page that says it is one already read fails the stream. */
  @Test
  void aRepeatedPageNumberFailsTheStream() {
    server.enqueue(page(1, "https://example.amocrm.ru/api/v4/leads?cursor=b", 1, 2));
    server.enqueue(page(2, "https://example.amocrm.ru/api/v4/leads?cursor=c", 3));
    for (int i = 0; i < 5; i++) {
      server.enqueue(page(2, "https://example.amocrm.ru/api/v4/leads?cursor=c" + i, 3));
    }
    List<Long> ids = new ArrayList<>();
    assertThat(drain(leads(server.url("/")).iterator(ListRequest.all()), ids))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("says it is page 2, already read");
    assertThat(ids).containsExactly(1L, 2L, 3L); // the repeated page's items are not handed out
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aNextLinkToItselfFailsTheStream() {
    String self = server.url("/api/v4/leads?limit=250").toString();
    for (int i = 0; i < 5; i++) {
      server.enqueue(page(null, self, 1));
    }
    List<Long> ids = new ArrayList<>();
    assertThat(drain(leads(server.url("/")).iterator(ListRequest.all()), ids))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("leads back to a URL already requested");
    assertThat(ids).containsExactly(1L);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /** No page numbers at all: the same URL with its query in another order is still a loop. */
  @Test
  void aCursorLoopIsFoundWhateverTheQueryOrder() {
    server.enqueue(page(null, "https://example.amocrm.ru/api/v4/leads?cursor=b&limit=250", 1));
    server.enqueue(page(null, "https://example.amocrm.ru/api/v4/leads?cursor=c&limit=250", 2));
    for (int i = 0; i < 5; i++) {
      server.enqueue(page(null, "https://example.amocrm.ru/api/v4/leads?limit=250&cursor=b", 3));
    }
    List<Long> ids = new ArrayList<>();
    assertThat(drain(leads(server.url("/")).iterator(ListRequest.all()), ids))
        .isInstanceOf(InvalidResponseException.class);
    assertThat(ids).containsExactly(1L, 2L, 3L);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aNextLinkThatIsNotAUrlFailsTheStreamAfterItsPage() {
    server.enqueue(page(1, "http://", 1, 2));
    List<Long> ids = new ArrayList<>();
    assertThat(drain(leads(server.url("/")).iterator(ListRequest.all()), ids))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("GET /api/v4/leads page 1 with a next link that is not a URL");
    assertThat(ids).containsExactly(1L, 2L);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /** A page that failed is asked for again by the next hasNext(), not skipped as the end. */
  @Test
  void hasNextAfterAFailedPageTriesThatPageAgain() {
    server.enqueue(page(1, "https://example.amocrm.ru/api/v4/leads?page=2", 1));
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(page(2, null, 2));
    Iterator<Lead> it = leads(server.url("/")).iterator(ListRequest.all());
    assertThat(it.next().id()).isEqualTo(1L);
    assertThat(catchThrowable(it::hasNext)).isInstanceOfSatisfying(AmoCrmHttpException.class,
        e -> assertThat(e.status()).isEqualTo(503));
    assertThat(it.next().id()).isEqualTo(2L);
    assertThat(it.hasNext()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(3);
  }
}
