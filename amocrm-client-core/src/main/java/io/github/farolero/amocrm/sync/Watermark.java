package io.github.farolero.amocrm.sync;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Where a sync cursor stands: the second it reads from (inclusive), and the ids of the items at
 * that second it has already delivered. Many items can share one {@code updated_at} second, and
 * a page can end in the middle of them; the ids let the next read start at that same second
 * without delivering them again or skipping the rest.
 *
 * @param from the second to read from, inclusive (whole seconds; a fraction is cut)
 * @param seen ids of items at {@code from} already delivered (entity ids as decimal text, event
 *     ids as amoCRM writes them)
 */
public record Watermark(Instant from, Set<String> seen) {

  /** Cuts {@code from} to whole seconds and copies the ids. */
  public Watermark {
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(seen, "seen == null");
    from = Instant.ofEpochSecond(from.getEpochSecond());
    seen = Set.copyOf(seen);
  }

  /**
   * Returns a watermark at a second, with nothing seen there yet.
   *
   * @param from the second to read from, inclusive
   * @return the watermark
   */
  public static Watermark at(Instant from) {
    return new Watermark(from, Set.of());
  }

  /** Returns the watermark of a cursor that has read nothing: from the Unix epoch. */
  public static Watermark start() {
    return at(Instant.EPOCH);
  }

  /**
   * Returns true if an item at the watermark's second was already delivered.
   *
   * @param id the item's id
   * @return true if seen
   */
  public boolean hasSeen(String id) {
    return seen.contains(id);
  }

  @Override
  public String toString() {
    return "Watermark{from=" + from + ", seen=" + seen.size() + " ids}";
  }
}
