package io.github.farolero.amocrm.auth;

import io.github.farolero.amocrm.error.AmoCrmException;
import java.util.Objects;

/**
 * A disposable token failed verification: {@link #check()} names the check. The message names
 * the check and the claim, never the token or the secret. Refuse the request that carried it
 * (HTTP 401).
 */
public final class DisposableTokenException extends AmoCrmException {
  private static final long serialVersionUID = 1L;

  /**
   * The checks of {@link DisposableTokenVerifier#verify(String)}. The signature is checked first
   * (only a token without any dot is {@link #MALFORMED} before it), then the rest in this order.
   */
  public enum Check {
    /** Not a JWT of three base64url parts with JSON header and claims, or a claim is missing. */
    MALFORMED,
    /** The signature does not match the integration's secret. */
    SIGNATURE,
    /** The header's {@code alg} is not {@code HS256} (never {@code none}). */
    ALGORITHM,
    /** {@code nbf} or {@code iat} is later than now, beyond the allowed clock skew. */
    NOT_YET_VALID,
    /** {@code exp} is past, beyond the allowed clock skew. */
    EXPIRED,
    /** {@code client_uuid} is another integration's. */
    CLIENT,
    /** {@code aud} is not the expected audience. */
    AUDIENCE,
    /** {@code account_id} is not the expected account. */
    ACCOUNT
  }

  private final Check check;

  /**
   * Creates the exception.
   *
   * @param check the check that failed
   * @param message what failed, without the token or the secret
   */
  public DisposableTokenException(Check check, String message) {
    super(message);
    this.check = Objects.requireNonNull(check, "check == null");
  }

  /** Returns the check that failed. */
  public Check check() {
    return check;
  }
}
