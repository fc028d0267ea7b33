package io.github.farolero.amocrm.api;

import java.util.List;

/**
 * One page of a list, for callers who page themselves: ask for {@code number() + 1} while
 * {@link #hasNext()}.
 *
 * @param items the items of this page; empty for amoCRM's {@code 204 No Content}
 * @param number the page's number, 1 for the first
 * @param hasNext true if amoCRM linked a next page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, int number, boolean hasNext) {

  /** Copies the list. */
  public Page {
    items = List.copyOf(items);
  }

  /** Returns true if the page has no items. */
  public boolean isEmpty() {
    return items.isEmpty();
  }
}
