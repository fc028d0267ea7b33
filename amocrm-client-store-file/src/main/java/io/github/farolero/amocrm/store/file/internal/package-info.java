/**
 * Implementation detail of the file store: file names, the file formats, locks and crash-safe
 * file operations. Not API: anything here may change in any release.
 */
@NullMarked
package io.github.farolero.amocrm.store.file.internal;

import org.jspecify.annotations.NullMarked;
