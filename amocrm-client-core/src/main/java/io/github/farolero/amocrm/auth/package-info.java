/**
 * OAuth 2.0 with amoCRM and the self-refreshing token session: authorization URLs and callbacks,
 * the refresh policy, listeners, and the exceptions of the token endpoint.
 */
@NullMarked
package io.github.farolero.amocrm.auth;

import org.jspecify.annotations.NullMarked;
