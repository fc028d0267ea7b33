/**
 * Implementation detail of amocrm-client. Not API: anything here may change in any release.
 */
@NullMarked
package io.github.farolero.amocrm.internal;

import org.jspecify.annotations.NullMarked;
