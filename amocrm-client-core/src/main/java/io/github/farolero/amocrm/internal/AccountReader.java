package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.Types;
import io.github.farolero.amocrm.api.RawJson;
import io.github.farolero.amocrm.model.Account.AmojoRights;
import io.github.farolero.amocrm.model.Account.DatetimeSettings;
import io.github.farolero.amocrm.model.Account.EntityName;
import io.github.farolero.amocrm.model.Account.TaskType;
import io.github.farolero.amocrm.model.Account.UserGroup;
import io.github.farolero.amocrm.model.Account;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code GET /api/v4/account?with=…}: the top-level fields as the model reads them, then
 * the details amoCRM puts under {@code _embedded} (or, in some answers, at the top level), each
 * read on its own so one odd value costs only itself. Thread-safe.
 */
final class AccountReader {

  private static final JsonAdapter<Account> ACCOUNT = ModelJson.adapter(Account.class);
  private static final Type ENTITY_NAMES = Types.newParameterizedType(Map.class, String.class,
      Types.newParameterizedType(Map.class, String.class, EntityName.class));

  private AccountReader() {}

  /** Reads an answer's body; null if it is JSON {@code null}. */
  static @Nullable Account read(BufferedSource body) throws IOException {
    // RawJson's tree, not Moshi's: it keeps whole numbers as longs (Moshi's makes 0 a 0.0, which
    // the lenient boolean would not read as false).
    Object tree;
    try {
      tree = RawJson.parse(body.readUtf8()).value();
    } catch (IllegalArgumentException e) {
      throw new JsonEncodingException(e.getMessage());
    }
    if (!(tree instanceof Map<?, ?> top)) {
      return tree == null ? null : ACCOUNT.fromJsonValue(tree); // the model's own error
    }
    Account a = ACCOUNT.fromJsonValue(top);
    if (a == null) {
      return null;
    }
    Map<?, ?> emb = top.get("_embedded") instanceof Map<?, ?> m ? m : Map.of();
    DatetimeSettings dt = pick(a.datetimeSettings(), emb, "datetime_settings",
        DatetimeSettings.class);
    if (dt != null && dt.dateFormat() == null) {
      // amoCRM's documentation shows the key misspelt; read that spelling too.
      Object settings = emb.get("datetime_settings");
      if (settings == null) {
        settings = top.get("datetime_settings");
      }
      if (settings instanceof Map<?, ?> s && s.get("date_formant") instanceof String f) {
        dt = new DatetimeSettings(dt.datePattern(), dt.shortDatePattern(), dt.shortTimePattern(),
            f, dt.timeFormat(), dt.timezone(), dt.timezoneOffset());
      }
    }
    List<UserGroup> groups = a.usersGroups().isEmpty()
        ? list(emb.get("users_groups"), UserGroup.class) : a.usersGroups();
    List<TaskType> types = a.taskTypes().isEmpty()
        ? list(emb.get("task_types"), TaskType.class) : a.taskTypes();
    Map<String, Map<String, EntityName>> names = a.entityNames();
    if (names.isEmpty()) {
      Map<String, Map<String, EntityName>> read = value(emb.get("entity_names"), ENTITY_NAMES);
      names = read == null ? Map.of() : read; // the record drops null entries
    }
    return new Account(a.id(), a.name(), a.subdomain(), a.createdAt(), a.currentUserId(),
        a.country(), a.currency(),
        pick(a.amojoId(), emb, "amojo_id", String.class),
        pick(a.uuid(), emb, "uuid", String.class),
        pick(a.version(), emb, "version", Long.class),
        pick(a.driveUrl(), emb, "drive_url", String.class),
        pick(a.apiFilterEnabled(), emb, "is_api_filter_enabled", Boolean.class),
        pick(a.amojoRights(), emb, "amojo_rights", AmojoRights.class),
        groups, types, names, dt);
  }

  /** The top-level value if there is one, else the one under {@code _embedded}. */
  private static <T> @Nullable T pick(@Nullable T top, Map<?, ?> emb, String key,
      Class<T> type) {
    return top != null ? top : value(emb.get(key), type);
  }

  private static <T> List<T> list(@Nullable Object value, Class<T> item) {
    List<T> read = value(value, Types.newParameterizedType(List.class, item));
    return read == null ? List.of() : read; // the record drops null entries
  }

  /** Reads one detail leniently: a value of another shape reads as null, never an error. */
  private static <T> @Nullable T value(@Nullable Object value, Type type) {
    if (value == null) {
      return null;
    }
    try {
      JsonAdapter<T> adapter = ModelJson.moshi().adapter(type);
      return adapter.fromJsonValue(value);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
