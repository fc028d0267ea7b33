/**
 * Immutable values read from and written to the amoCRM API v4: entities ({@link
 * io.github.farolero.amocrm.model.Lead}, contacts, companies, tasks, notes), pipelines and
 * statuses, users, events, tags, custom field definitions, and custom field values ({@link
 * io.github.farolero.amocrm.model.CustomField}). Unknown JSON fields are ignored; fields amoCRM may
 * omit or send as null are nullable, and a null field is not sent on a write.
 *
 * <p>Every type here is immutable and thread-safe; the nested builders are not thread-safe.
 */
@NullMarked
package io.github.farolero.amocrm.model;

import org.jspecify.annotations.NullMarked;
