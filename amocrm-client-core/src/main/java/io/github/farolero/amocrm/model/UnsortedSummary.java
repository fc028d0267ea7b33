package io.github.farolero.amocrm.model;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The summary of the account's unsorted leads ({@code GET /api/v4/leads/unsorted/summary}).
 *
 * @param total how many arrived
 * @param accepted how many were accepted
 * @param declined how many were declined
 * @param averageSortTime the average time to sort one, as amoCRM sends it, or null
 * @param categories the total of each category ({@code sip}, {@code forms}, {@code chats},
 *     {@code mail}); empty if amoCRM sent none
 */
public record UnsortedSummary(
    long total,
    long accepted,
    long declined,
    @Nullable Long averageSortTime,
    Map<String, Long> categories) {

  /** Copies the map. */
  public UnsortedSummary {
    categories = categories == null ? Map.of() : Map.copyOf(categories);
  }
}
