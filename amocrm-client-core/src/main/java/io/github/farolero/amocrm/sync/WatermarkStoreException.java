package io.github.farolero.amocrm.sync;

import io.github.farolero.amocrm.error.AmoCrmException;

/** A {@link WatermarkStore} could not load or save a watermark; the sync run stops. */
public class WatermarkStoreException extends AmoCrmException {
  private static final long serialVersionUID = 1L;

  /**
   * Makes one.
   *
   * @param message what failed, naming the store and the key
   * @param cause the storage's own error
   */
  public WatermarkStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
