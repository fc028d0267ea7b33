/**
 * {@link io.github.farolero.amocrm.micrometer.AmoCrmMetrics}: what the client's token engine and
 * request path do, as Micrometer meters. Never a token in a meter's name or tag.
 */
@NullMarked
package io.github.farolero.amocrm.micrometer;

import org.jspecify.annotations.NullMarked;
