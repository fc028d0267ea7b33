package io.github.farolero.amocrm.error;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One complaint of amoCRM's request validation ({@code validation-errors[].errors[]} of a 400).
 *
 * <p>{@code index} names the input the complaint belongs to: its position in the list the caller
 * passed (a batch is split into requests of 50, and amoCRM numbers the entities of each request
 * from 0; the client translates that back), or {@code -1} when amoCRM did not say.
 *
 * @param index the position of the input in the caller's list, or -1 if unknown
 * @param code amoCRM's error code, such as {@code NotSupportedChoice} or {@code InvalidType}
 * @param path where in the input, such as {@code custom_fields_values.0.field_id}; may be empty
 * @param detail amoCRM's explanation, or null
 */
public record ValidationError(int index, String code, String path, @Nullable String detail) {

  /**
   * Checks the arguments.
   *
   * @throws IllegalArgumentException if {@code index < -1}
   */
  public ValidationError {
    Objects.requireNonNull(code, "code == null");
    Objects.requireNonNull(path, "path == null");
    if (index < -1) {
      throw new IllegalArgumentException("index < -1: " + index);
    }
  }

  @Override
  public String toString() {
    return (index >= 0 ? "input " + index : "input ?") + ": " + code
        + (path.isEmpty() ? "" : " at " + path) + (detail != null ? " (" + detail + ")" : "");
  }
}
