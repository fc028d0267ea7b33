/**
 * amoCRM tokens, the cluster-wide refresh lease and the shared rate budget in Redis.
 */
@NullMarked
package io.github.farolero.amocrm.store.redis;

import org.jspecify.annotations.NullMarked;
