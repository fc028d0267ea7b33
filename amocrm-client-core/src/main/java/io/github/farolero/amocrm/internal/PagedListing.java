package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.api.Listing;
import io.github.farolero.amocrm.api.Page;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** A list endpoint: {@code GET path} answering {@code _embedded.<key>}. Thread-safe. */
class PagedListing<T> implements Listing<T> {

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

  HalPage<T> fetch(HttpUrl url) {
    HalPage<T> page = transport.execute("GET", url, null, body -> HalPage.read(body, key, adapter));
    return page == null ? HalPage.empty() : page; // 204 No Content: an empty list
  }

  /**
   * Follows the next links lazily; holds one page. Ends on the last page, on a 204, and when the
   * links go round: a next link to the page just read, to a page number already passed, or a page
   * that says it is one already read (its items are not repeated). Not thread-safe.
   */
  private final class PageIterator implements Iterator<T> {
    private @Nullable HttpUrl next;
    private @Nullable Integer lastNumber; // the number of the last page read, if known
    private Iterator<T> current = List.<T>of().iterator();

    PageIterator(HttpUrl first) {
      this.next = first;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext()) {
        HttpUrl url = next;
        if (url == null) {
          return false;
        }
        next = null;
        current = List.<T>of().iterator(); // let the previous page go before fetching
        HalPage<T> page = fetch(url);
        Integer number = page.number() != null ? page.number() : pageParameter(url);
        if (number != null) {
          if (lastNumber != null && number <= lastNumber) {
            return false; // a page already read: the links went round
          }
          lastNumber = number;
        }
        HttpUrl following = page.next() == null ? null
            : NextLinks.rebase(transport.baseUrl(), url, page.next());
        if (following != null && !following.equals(url) && !behind(following)) {
          next = following;
        }
        current = page.items().iterator();
      }
      return true;
    }

    /** True if the link names a page number at or before the last page read. */
    private boolean behind(HttpUrl link) {
      Integer number = pageParameter(link);
      return number != null && lastNumber != null && number <= lastNumber;
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
