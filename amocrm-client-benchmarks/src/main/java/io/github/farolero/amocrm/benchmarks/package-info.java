/**
 * Benchmarks of amocrm-client, each beside the baseline a user would write instead: JMH
 * benchmarks ({@code java -jar benchmarks.jar}), the paired runner ({@link
 * io.github.farolero.amocrm.benchmarks.Paired}) and the load harnesses it drives. Not published;
 * see docs/BENCHMARKS.md.
 *
 * <p>This module reaches into core's {@code internal} package (the token manager of the token
 * lookup benchmark). That is acceptable here only: it is not published, and the architecture rules
 * that forbid it cover the published modules.
 */
@NullMarked
package io.github.farolero.amocrm.benchmarks;

import org.jspecify.annotations.NullMarked;
