package io.github.farolero.amocrm.webhook;

import io.github.farolero.amocrm.error.AmoCrmException;
import org.jspecify.annotations.Nullable;

/**
 * A webhook request that cannot be read: not a form ({@link Reason#UNSUPPORTED_CONTENT_TYPE}),
 * past a limit of the {@link WebhookHandler} ({@link Reason#TOO_LARGE}), or a form that is broken
 * ({@link Reason#MALFORMED}: bad percent-encoding or charset, unbalanced brackets, a key that is
 * both a value and a group). Nothing of such a body is returned: there is no partial result.
 *
 * <p>{@link #httpStatus()} is the answer to send amoCRM (415, 413, 400). The message names the
 * offending key (cut to 100 characters) but never a value. Immutable.
 */
public final class WebhookFormatException extends AmoCrmException {
  private static final long serialVersionUID = 1L;

  /** Why the body was refused. */
  public enum Reason {
    /** The content type is not {@code application/x-www-form-urlencoded}: answer 415. */
    UNSUPPORTED_CONTENT_TYPE(415),
    /** The body is larger, has more keys, or nests deeper than the handler allows: answer 413. */
    TOO_LARGE(413),
    /** The body is not a well-formed form: answer 400. */
    MALFORMED(400);

    private final int httpStatus;

    Reason(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** Returns the HTTP status to answer with. */
    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Reason reason;
  private final @Nullable String key;

  /**
   * Creates the exception.
   *
   * @param reason why the body was refused
   * @param key the key at fault (as decoded, cut to 100 characters), or null when none is
   * @param message what was wrong, without any value of the body
   */
  public WebhookFormatException(Reason reason, @Nullable String key, String message) {
    super(message);
    this.reason = reason;
    this.key = key;
  }

  /** Returns why the body was refused. */
  public Reason reason() {
    return reason;
  }

  /** Returns the key at fault, as decoded and cut to 100 characters, or null when none is. */
  public @Nullable String key() {
    return key;
  }

  /** Returns the HTTP status to answer amoCRM with: 415, 413 or 400. */
  public int httpStatus() {
    return reason.httpStatus();
  }
}
