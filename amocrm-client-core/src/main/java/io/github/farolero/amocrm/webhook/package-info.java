/**
 * amoCRM's webhooks as typed values: {@link io.github.farolero.amocrm.webhook.Webhook#parse(String)}
 * reads the {@code application/x-www-form-urlencoded} body amoCRM POSTs
 * ({@code leads[status][0][id]=…&account[subdomain]=…}) into {@link
 * io.github.farolero.amocrm.webhook.WebhookEvent}s, and {@link
 * io.github.farolero.amocrm.webhook.WebhookHandler} does the same from a request's content type and
 * bytes, within limits a hostile body cannot pass. No web framework is needed: call the handler
 * from a servlet, a Spring controller, Javalin, or the JDK's {@code HttpServer}.
 *
 * <p>Reading is lenient where amoCRM is messy (every value a string, {@code "1"}/{@code "0"}
 * booleans, unix-second and {@code "2017-07-20 15:00:00"} dates, two shapes of date custom
 * fields, companies sent under {@code contacts}) and keeps what it does not know (entities,
 * actions, keys) rather than failing. A body that is not a form at all is one {@link
 * io.github.farolero.amocrm.webhook.WebhookFormatException}, never a partial result.
 *
 * <p>Every type here is immutable and thread-safe.
 */
@NullMarked
package io.github.farolero.amocrm.webhook;

import org.jspecify.annotations.NullMarked;
