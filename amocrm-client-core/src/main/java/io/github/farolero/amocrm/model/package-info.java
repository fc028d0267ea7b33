/**
 * Immutable values read from and written to the amoCRM API v4. Unknown JSON fields are ignored;
 * fields amoCRM may omit or send as null are nullable.
 */
@NullMarked
package io.github.farolero.amocrm.model;

import org.jspecify.annotations.NullMarked;
