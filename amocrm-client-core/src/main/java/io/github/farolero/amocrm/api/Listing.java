package io.github.farolero.amocrm.api;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A list endpoint of amoCRM: one page at a time, or everything as a lazy stream.
 *
 * <p>{@link #stream(ListRequest)} and {@link #iterator(ListRequest)} fetch a page only when the
 * previous one is used up, follow amoCRM's {@code _links.next} (moved onto the client's base URL,
 * so paging works through a proxy or a test server), hold one page in memory, and end on the last
 * page, on {@code 204 No Content}, or when the next links go back to a page already read. Each page is one rate-limited request; errors surface as
 * {@link io.github.farolero.amocrm.AmoCrmHttpException}s from the stream's operations.
 *
 * <p>Implementations are thread-safe; the iterators and streams they return are not.
 *
 * @param <T> the item type
 */
public interface Listing<T> {

  /**
   * Returns one page.
   *
   * @param request what to list and which page
   * @return the page; empty for {@code 204 No Content}
   * @throws io.github.farolero.amocrm.AmoCrmHttpException if amoCRM answered an error
   */
  Page<T> page(ListRequest request);

  /**
   * Returns a lazy iterator over every item from the request's page on.
   *
   * @param request what to list
   * @return the iterator
   */
  Iterator<T> iterator(ListRequest request);

  /**
   * Returns a lazy, sequential stream over every item from the request's page on.
   *
   * @param request what to list
   * @return the stream
   */
  default Stream<T> stream(ListRequest request) {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(request),
        Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /**
   * Returns a lazy, sequential stream over everything.
   *
   * @return the stream
   */
  default Stream<T> stream() {
    return stream(ListRequest.all());
  }
}
