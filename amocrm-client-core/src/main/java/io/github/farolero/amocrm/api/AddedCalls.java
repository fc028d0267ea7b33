package io.github.farolero.amocrm.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What amoCRM answered to {@link Calls#add}: the calls it attached, and those it could not (no
 * contact or company with that phone, for one). amoCRM answers both in one 200.
 *
 * @param added the attached calls, in the order of the inputs
 * @param errors the calls not attached, in the order of the inputs
 */
public record AddedCalls(List<Added> added, List<Error> errors) {

  /** Copies the lists. */
  public AddedCalls {
    added = List.copyOf(added);
    errors = List.copyOf(errors);
  }

  /**
   * True if every call was attached.
   *
   * @return true when there are no errors
   */
  public boolean isComplete() {
    return errors.isEmpty();
  }

  /**
   * One attached call.
   *
   * @param index the input's position in the caller's list
   * @param id the call's id in amoCRM; 0 if amoCRM's answer did not say
   * @param entityId the card it was added to, or null
   * @param entityType that card's type ({@code contact}, {@code company}, {@code lead},
   *     {@code customer}), or null
   */
  public record Added(int index, long id, @Nullable Long entityId, @Nullable String entityType) {}

  /**
   * One call amoCRM did not attach.
   *
   * @param index the input's position in the caller's list; -1 if amoCRM did not say
   * @param status the status amoCRM gave it (404 when no entity has that phone), or null
   * @param title amoCRM's title, or null
   * @param detail amoCRM's detail, or null
   */
  public record Error(int index, @Nullable Integer status, @Nullable String title,
      @Nullable String detail) {}
}
