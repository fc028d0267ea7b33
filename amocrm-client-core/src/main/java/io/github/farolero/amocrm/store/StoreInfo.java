package io.github.farolero.amocrm.store;

import java.util.Objects;

/**
 * What a {@link TokenStore} is: its name in logs and errors, whether it accepts writes, and
 * whether what it holds outlives the process.
 *
 * @param name a short name for logs and error messages, such as {@code file:/var/lib/app/tokens}
 * @param writable false for a read-only seed such as the environment
 * @param durable true if a write survives the process (a file, a database); false for memory
 */
public record StoreInfo(String name, boolean writable, boolean durable) {

  /**
   * Checks the name.
   *
   * @throws IllegalArgumentException if the name is blank
   */
  public StoreInfo {
    Objects.requireNonNull(name, "name == null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
  }
}
