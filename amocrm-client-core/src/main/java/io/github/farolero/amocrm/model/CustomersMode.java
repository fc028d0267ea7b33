package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import org.jspecify.annotations.Nullable;

/**
 * The account's customers mode ({@code PATCH /api/v4/customers/mode}): whether customers are on,
 * and how they are grouped.
 *
 * @param mode {@code periodicity} (statuses by the next purchase date) or {@code segments}
 *     (dynamic segments)
 * @param enabled true if customers are on
 */
public record CustomersMode(
    @Nullable String mode,
    @Json(name = "is_enabled") @Nullable Boolean enabled) {

  /** The {@link #mode()} with statuses by the next purchase date. */
  public static final String PERIODICITY = "periodicity";
  /** The {@link #mode()} with dynamic segments. */
  public static final String SEGMENTS = "segments";

  /**
   * Returns periodicity mode, on or off.
   *
   * @param enabled true to turn customers on
   * @return the mode
   */
  public static CustomersMode periodicity(boolean enabled) {
    return new CustomersMode(PERIODICITY, enabled);
  }

  /**
   * Returns segments mode, on or off.
   *
   * @param enabled true to turn customers on
   * @return the mode
   */
  public static CustomersMode segments(boolean enabled) {
    return new CustomersMode(SEGMENTS, enabled);
  }
}
