package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The account the client is authorized for: {@code GET /api/v4/account}.
 *
 * @param id the account id
 * @param name the account's name
 * @param subdomain the subdomain, as in {@code subdomain.amocrm.ru}
 * @param createdAt when the account was created
 * @param currentUserId the user the token acts as
 * @param country the country code, such as {@code RU}
 * @param currency the currency code, such as {@code RUB}
 * @param amojoId the account's id in amoCRM's chat service
 */
public record Account(
    @Json(name = "id") long id,
    @Json(name = "name") @Nullable String name,
    @Json(name = "subdomain") @Nullable String subdomain,
    @Json(name = "created_at") @Nullable Instant createdAt,
    @Json(name = "current_user_id") @Nullable Long currentUserId,
    @Json(name = "country") @Nullable String country,
    @Json(name = "currency") @Nullable String currency,
    @Json(name = "amojo_id") @Nullable String amojoId) {}
