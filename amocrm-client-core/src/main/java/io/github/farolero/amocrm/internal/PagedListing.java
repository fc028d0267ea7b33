package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.api.Listing;
import io.github.farolero.amocrm.api.Page;
import io.github.farolero.amocrm.error.InvalidResponseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** A list endpoint: {@code GET path} answering {@code _embedded.<key>}. Thread-safe. */
class PagedListing<T> implements Listing<T> {

  /** The most items a page may hold: amoCRM's largest {@code limit}. More is a broken answer. */
  static final int MAX_PAGE_ITEMS = ListRequest.MAX_LIMIT;

  /**
   * The most bytes a page's body may have: {@value #MAX_PAGE_ITEMS} items of 64 KiB each (15.6
   * MiB), rounded up to 16 MiB. A real entity takes a few KiB (a lead with dozens of custom-field
   * values and embedded links), so a page past this is broken or hostile. It is refused before it
   * is read whole: the general 64 MiB bound would let one page take several times that in heap
   * (the bytes, the string, the items).
   */
  static final long MAX_PAGE_BYTES = 16L << 20;

  final ApiTransport transport;
  final String path;
  final String key;
  final JsonAdapter<T> adapter;
  private final @Nullable Integer defaultLimit;

  PagedListing(ApiTransport transport, String path, String key, JsonAdapter<T> adapter,
      @Nullable Integer defaultLimit) {
    this.transport = transport;
    this.path = path;
    this.key = key;
    this.adapter = adapter;
    this.defaultLimit = defaultLimit;
  }

  @Override
  public Page<T> page(ListRequest request) {
    Objects.requireNonNull(request, "request == null");
    HalPage<T> p = fetch(firstUrl(request));
    int number = p.number() != null ? p.number()
        : request.page() != null ? request.page() : 1;
    return new Page<>(p.items(), number, p.next() != null);
  }

  @Override
  public Iterator<T> iterator(ListRequest request) {
    Objects.requireNonNull(request, "request == null");
    return new PageIterator(firstUrl(request));
  }

  HttpUrl firstUrl(ListRequest request) {
    ListRequest r = request.limit() == null && defaultLimit != null
        ? request.newBuilder().limit(defaultLimit).build() : request;
    HttpUrl.Builder b = transport.url(path).newBuilder();
    for (Map.Entry<String, String> e : r.queryParameters()) {
      b.addQueryParameter(e.getKey(), e.getValue());
    }
    return b.build();
  }

  /**
   * GETs one page, bounded: at most {@link #MAX_PAGE_BYTES} of body and {@link #MAX_PAGE_ITEMS}
   * items, else an {@link InvalidResponseException}. An empty page for 204 No Content.
   */
  HalPage<T> fetch(HttpUrl url) {
    // Parsed from the body's bytes (the transport bounds them): no String, no second encoding.
    HalPage<T> page = transport.executeSource("GET", url, null, MAX_PAGE_BYTES,
        body -> HalPage.read(body, key, adapter));
    if (page == null) {
      return HalPage.empty(); // 204 No Content: an empty list
    }
    if (page.items().size() > MAX_PAGE_ITEMS) {
      Integer number = pageParameter(url);
      throw new InvalidResponseException("amoCRM answered GET " + url.encodedPath()
          + (number == null ? "" : " page " + number) + " with " + page.items().size()
          + " items; a page holds at most " + MAX_PAGE_ITEMS);
    }
    return page;
  }

  /**
   * Follows the next links lazily; holds one page. Ends on the last page and on a 204. Links that
   * go round end it with an {@link InvalidResponseException} rather than loop or stop as if the
   * list were complete: a next link to a URL this iterator already requested (the page just read,
   * page 1 again), to a page number at or before the last one read, or a page that says it is one
   * already read (its items are not handed out). Not thread-safe.
   */
  private final class PageIterator implements Iterator<T> {
    // Every URL requested so far, as NextLinks.key() writes it: one short string a page.
    private final Set<String> requested = new HashSet<>();
    private @Nullable HttpUrl next;
    private @Nullable Integer lastNumber; // the number of the last page read, if known
    private @Nullable String unusableLink; // the path of a page whose next link is not a URL
    private Iterator<T> current = List.<T>of().iterator();

    PageIterator(HttpUrl first) {
      this.next = first;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext()) {
        HttpUrl url = next;
        if (url == null) {
          if (unusableLink != null) {
            throw new InvalidResponseException("amoCRM answered GET " + unusableLink
                + " with a next link that is not a URL");
          }
          return false;
        }
        current = List.<T>of().iterator(); // let the previous page go before fetching
        String seen = NextLinks.key(url);
        Integer linked = pageParameter(url);
        if (requested.contains(seen)
            || (linked != null && lastNumber != null && linked <= lastNumber)) {
          throw wentRound(url, "the next link" + ofLastPage() + " leads back to "
              + (linked != null ? "page " + linked : "a URL already requested"));
        }
        // Until this succeeds, next stays: hasNext() after a failed fetch tries it again.
        HalPage<T> page = fetch(url);
        requested.add(seen);
        Integer number = page.number() != null ? page.number() : linked;
        if (number != null) {
          if (lastNumber != null && number <= lastNumber) {
            throw wentRound(url, "the answer to the next link" + ofLastPage()
                + " says it is page " + number + ", already read");
          }
          lastNumber = number;
        }
        next = page.next() == null ? null
            : NextLinks.rebase(transport.baseUrl(), url, page.next());
        if (page.next() != null && next == null) {
          // Thrown once this page's items are used: they are good, only the way on is not.
          unusableLink = url.encodedPath() + (number == null ? "" : " page " + number);
        }
        current = page.items().iterator();
      }
      return true;
    }

    private String ofLastPage() {
      return lastNumber == null ? "" : " of page " + lastNumber;
    }

    private InvalidResponseException wentRound(HttpUrl url, String how) {
      return new InvalidResponseException("amoCRM's paging of GET " + url.encodedPath()
          + " went round: " + how + "; the stream stops rather than read pages again");
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }
  }

  private static @Nullable Integer pageParameter(HttpUrl url) {
    String page = url.queryParameter("page");
    if (page == null) {
      return null;
    }
    try {
      return Integer.valueOf(page.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
