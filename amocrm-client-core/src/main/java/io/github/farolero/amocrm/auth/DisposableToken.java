package io.github.farolero.amocrm.auth;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The claims of a verified disposable (one-time) token: the short-lived JWT amoCRM's web
 * interface sends with a widget's {@code $authorizedAjax} request (header {@code X-Auth-Token})
 * and Salesbot with its requests, telling which account and which user the request comes from.
 * Made only by {@link DisposableTokenVerifier#verify(String)}, after its signature and times were
 * checked.
 *
 * @param issuer {@code iss}: the account's address, such as {@code https://example.amocrm.ru}
 * @param audience {@code aud}: the integration's base address, from its redirect URI
 * @param id {@code jti}: the token's UUID, to refuse a token seen before
 * @param issuedAt {@code iat}: when it was issued, or null if absent
 * @param notBefore {@code nbf}: when it becomes valid, or null if absent
 * @param expiresAt {@code exp}: when it expires
 * @param accountId {@code account_id}: the account
 * @param subdomain {@code subdomain}: the account's subdomain, or null if absent
 * @param clientUuid {@code client_uuid}: the integration's id (its client id)
 * @param userId {@code user_id}: the user who made the request
 * @param admin {@code is_admin}: true if that user is an administrator of the account
 */
public record DisposableToken(
    @Nullable String issuer,
    @Nullable String audience,
    @Nullable String id,
    @Nullable Instant issuedAt,
    @Nullable Instant notBefore,
    Instant expiresAt,
    long accountId,
    @Nullable String subdomain,
    String clientUuid,
    long userId,
    boolean admin) {}
