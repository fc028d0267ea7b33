package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The write options of the entities that have them: a caller's request_id, tags to delete. */
final class WriteOptions {
  private WriteOptions() {}

  /** Returns the caller's {@code request_id} of a lead, contact or company; else null. */
  static @Nullable String requestIdOf(@Nullable Object entity) {
    if (entity instanceof Lead l) {
      return l.requestId();
    }
    if (entity instanceof Contact c) {
      return c.requestId();
    }
    if (entity instanceof Company c) {
      return c.requestId();
    }
    return null;
  }

  /** True if a lead, contact or company asks for tags to be deleted. */
  static boolean deletesTags(@Nullable Object entity) {
    List<Tag> delete = entity instanceof Lead l ? l.tagsToDelete()
        : entity instanceof Contact c ? c.tagsToDelete()
        : entity instanceof Company c ? c.tagsToDelete() : null;
    return delete != null && !delete.isEmpty();
  }
}
