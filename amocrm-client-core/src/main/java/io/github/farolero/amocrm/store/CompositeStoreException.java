package io.github.farolero.amocrm.store;

import java.util.List;

/**
 * A {@link CompositeTokenStore} operation failed; carries the cause from every member that
 * failed, in member order. Each cause is also attached as a suppressed exception.
 */
public final class CompositeStoreException extends TokenStoreException {
  private static final long serialVersionUID = 1L;

  /**
   * One member's failure.
   *
   * @param store the member's name
   * @param cause what it threw
   */
  public record MemberFailure(String store, RuntimeException cause) {}

  private final transient List<MemberFailure> failures;

  /**
   * Creates the exception.
   *
   * @param operation what was attempted, such as {@code "load example.amocrm.ru"}
   * @param failures every member that failed, in member order
   */
  public CompositeStoreException(String operation, List<MemberFailure> failures) {
    super(message(operation, failures), failures.isEmpty() ? null : failures.get(0).cause());
    this.failures = List.copyOf(failures);
    for (int i = 1; i < this.failures.size(); i++) {
      addSuppressed(this.failures.get(i).cause());
    }
  }

  /** Returns each failed member's name and cause, in member order. */
  public List<MemberFailure> failures() {
    return failures;
  }

  private static String message(String operation, List<MemberFailure> failures) {
    StringBuilder m = new StringBuilder(operation).append(" failed in the composite store");
    for (MemberFailure f : failures) {
      m.append("; ").append(f.store()).append(": ").append(f.cause().getClass().getSimpleName());
      if (f.cause().getMessage() != null) {
        m.append(": ").append(f.cause().getMessage());
      }
    }
    return m.toString();
  }
}
