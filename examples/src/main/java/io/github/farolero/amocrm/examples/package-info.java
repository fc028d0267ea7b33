/** Runnable programs that use amocrm-client as a CRM sync app would. Each has a {@code main}. */
@NullMarked
package io.github.farolero.amocrm.examples;

import org.jspecify.annotations.NullMarked;
