package io.github.farolero.amocrm.error;

import java.util.Objects;

/**
 * amoCRM named a host for this account (the account moved, or a token's {@code api_domain}
 * claim) that is not an amoCRM account host: not one label under {@code amocrm.ru}, {@code
 * amocrm.com} or {@code kommo.com}, or a host the client's base URL resolver refused. Nothing was
 * sent to it: no token, no request. Requests keep going to the host the client used before.
 *
 * <p>The message names the host (a host name is no secret), never a token.
 */
public class UntrustedHostException extends AmoCrmException {
  private static final long serialVersionUID = 1L;

  private final String host;

  /**
   * Creates the exception.
   *
   * @param host the host that was refused
   * @param message what was refused and why
   */
  public UntrustedHostException(String host, String message) {
    super(Objects.requireNonNull(message, "message == null"));
    this.host = Objects.requireNonNull(host, "host == null");
  }

  /** Returns the host that was refused, as amoCRM named it. */
  public String host() {
    return host;
  }
}
