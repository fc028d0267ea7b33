/**
 * Test support for users of amocrm-client and for its own modules: {@link
 * io.github.farolero.amocrm.testkit.MockAmoCrmServer}, a fake amoCRM with real token rotation
 * rules, a {@link io.github.farolero.amocrm.testkit.MutableClock}, and {@link
 * io.github.farolero.amocrm.testkit.TokenStoreContract}, the tests every token store passes.
 */
@NullMarked
package io.github.farolero.amocrm.testkit;

import org.jspecify.annotations.NullMarked;
