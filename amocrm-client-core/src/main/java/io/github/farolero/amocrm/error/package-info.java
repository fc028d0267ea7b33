/**
 * The exceptions the client throws, all unchecked, all under {@link
 * io.github.farolero.amocrm.error.AmoCrmException}.
 *
 * <p>A type exists only where a caller acts differently on it:
 * <ul>
 *   <li>{@link io.github.farolero.amocrm.error.AmoCrmHttpException}: amoCRM answered an error;
 *       {@code status()} (and for a 403 {@code errorCode()}) tells which. Its subclasses:
 *       {@link io.github.farolero.amocrm.error.ValidationException} (400, with the errors per
 *       input), {@link io.github.farolero.amocrm.error.AccountBlockedException} (a ban: stop),
 *       {@link io.github.farolero.amocrm.error.TooManyRequestsException} (429: slow down), and
 *       in {@code auth} the token endpoint's {@link io.github.farolero.amocrm.auth.OAuthException}.
 *   <li>{@link io.github.farolero.amocrm.error.PartialBatchException}: a batch stopped after some
 *       of it was saved; record what was.
 *   <li>{@link io.github.farolero.amocrm.error.RateLimiterTimeoutException}: the client's own rate
 *       limiter did not give a turn in time; nothing was sent.
 *   <li>{@link io.github.farolero.amocrm.error.InvalidResponseException}: a successful answer that
 *       cannot be used; do not retry.
 * </ul>
 * A webhook body that cannot be read is {@code webhook}'s {@code WebhookFormatException} (with
 * the status to answer amoCRM). Token trouble has its own types in {@code auth} ({@code ReauthorizationRequiredException}: a
 * person must authorize again; {@code TokenRefreshException}: a refresh that may pass), and the
 * token store's contract its own in {@code store}.
 *
 * <p>Messages and fields never hold a token, an authorization code or the client secret, nor any
 * 12-character piece of one. Exceptions are immutable once thrown.
 */
@NullMarked
package io.github.farolero.amocrm.error;

import org.jspecify.annotations.NullMarked;
