package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A catalog ("список" in amoCRM: {@code /api/v4/catalogs}): a list of elements such as products
 * or invoices. Read as amoCRM sends it; written with the fields that are not null.
 *
 * @param id the catalog's id, or null for a new one
 * @param name its name
 * @param type {@link #REGULAR}, {@link #INVOICES} or {@link #PRODUCTS} (another value is kept as
 *     sent), or null
 * @param sort its position, or null
 * @param canAddElements true if elements can be added in amoCRM's interface, or null
 * @param canShowInCards true if its tab shows in cards, or null
 * @param canLinkMultiple true if a card can link several of its elements, or null
 * @param canBeDeleted true if it can be deleted, or null (read only)
 * @param sdkWidgetCode the widget that owns it, or null
 * @param accountId the account, or null (read only)
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record Catalog(
    @Nullable Long id,
    @Nullable String name,
    @Nullable String type,
    @Nullable Long sort,
    @Json(name = "can_add_elements") @Nullable Boolean canAddElements,
    @Json(name = "can_show_in_cards") @Nullable Boolean canShowInCards,
    @Json(name = "can_link_multiple") @Nullable Boolean canLinkMultiple,
    @Json(name = "can_be_deleted") @Nullable Boolean canBeDeleted,
    @Json(name = "sdk_widget_code") @Nullable String sdkWidgetCode,
    @Json(name = "account_id") @Nullable Long accountId,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param id the catalog's id, or null for a new one
   * @param name its name
   * @param type {@link #REGULAR}, {@link #INVOICES} or {@link #PRODUCTS} (another value is kept as
   *     sent), or null
   * @param sort its position, or null
   * @param canAddElements true if elements can be added in amoCRM's interface, or null
   * @param canShowInCards true if its tab shows in cards, or null
   * @param canLinkMultiple true if a card can link several of its elements, or null
   * @param canBeDeleted true if it can be deleted, or null (read only)
   * @param sdkWidgetCode the widget that owns it, or null
   * @param accountId the account, or null (read only)
   */
  public Catalog(
      @Nullable Long id,
      @Nullable String name,
      @Nullable String type,
      @Nullable Long sort,
      @Nullable Boolean canAddElements,
      @Nullable Boolean canShowInCards,
      @Nullable Boolean canLinkMultiple,
      @Nullable Boolean canBeDeleted,
      @Nullable String sdkWidgetCode,
      @Nullable Long accountId) {
    this(id, name, type, sort, canAddElements, canShowInCards, canLinkMultiple, canBeDeleted,
        sdkWidgetCode, accountId, null);
  }

  /** A catalog of amoCRM's own kind. */
  public static final String REGULAR = "regular";
  /** The account's invoices catalog. */
  public static final String INVOICES = "invoices";
  /** The account's products catalog. */
  public static final String PRODUCTS = "products";

  /**
   * Returns a new catalog to add.
   *
   * @param name its name
   * @param type {@link #REGULAR}, {@link #INVOICES} or {@link #PRODUCTS}
   * @return the catalog
   */
  public static Catalog of(String name, String type) {
    return new Catalog(null, Objects.requireNonNull(name, "name == null"),
        Objects.requireNonNull(type, "type == null"), null, null, null, null, null, null, null);
  }

  /**
   * Returns a change of this catalog's name, to update.
   *
   * @param id the catalog's id
   * @param name the new name
   * @return the change
   */
  public static Catalog rename(long id, String name) {
    return new Catalog(id, Objects.requireNonNull(name, "name == null"), null, null, null, null,
        null, null, null, null);
  }
}
