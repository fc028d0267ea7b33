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
 * page or on {@code 204 No Content}. Each page is one rate-limited request; errors surface from
 * the stream's operations (from {@code hasNext()} of the iterator), after the items of the pages
 * before: {@link io.github.farolero.amocrm.error.AmoCrmHttpException}s for error answers, and an
 * {@link io.github.farolero.amocrm.error.InvalidResponseException} when amoCRM's answer cannot be
 * used:
 * <ul>
 *   <li>the next links go round: a next link to a URL the stream already requested (the page
 *       just read, page 1 again; URLs compared after moving them onto the base URL, query
 *       parameters in any order), a next link to a page number at or before the last page read,
 *       or a page whose {@code _page} says it is one already read (its items are not repeated).
 *       The stream fails instead of ending quietly, so a listing cut short is never taken for the
 *       whole list;
 *   <li>a page whose body is larger than 16 MiB or that holds more than 250 items (amoCRM's
 *       largest page), refused before it can exhaust the heap;
 *   <li>a next link that is not a URL, or JSON this client cannot read.
 * </ul>
 * The same size bounds apply to {@link #page(ListRequest)}.
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
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error
   * @throws io.github.farolero.amocrm.error.InvalidResponseException if the page is larger than
   *     16 MiB, holds more than 250 items, or is JSON this client cannot read
   */
  Page<T> page(ListRequest request);

  /**
   * Returns a lazy iterator over every item from the request's page on. Its {@code hasNext()}
   * fetches the next page and throws what that fetch throws, including an
   * {@link io.github.farolero.amocrm.error.InvalidResponseException} when the next links go round
   * (see above). After a failed fetch, calling it again tries that page again; after a loop it
   * throws again.
   *
   * @param request what to list
   * @return the iterator
   */
  Iterator<T> iterator(ListRequest request);

  /**
   * Returns a lazy, sequential stream over every item from the request's page on. Its terminal
   * operations throw what fetching a page throws, including an
   * {@link io.github.farolero.amocrm.error.InvalidResponseException} when the next links go round.
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
