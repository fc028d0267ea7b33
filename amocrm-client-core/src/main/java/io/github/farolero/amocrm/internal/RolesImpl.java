package io.github.farolero.amocrm.internal;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import io.github.farolero.amocrm.api.Roles;
import io.github.farolero.amocrm.model.Extras;
import io.github.farolero.amocrm.model.Role;
import io.github.farolero.amocrm.model.UserRights;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@code /api/v4/roles}. Thread-safe. */
final class RolesImpl extends PagedListing<Role> implements Roles {

  private static final JsonAdapter<RoleJson> WIRE = ModelJson.adapter(RoleJson.class);

  /** Reads a role as amoCRM sends it; a role is never written. */
  static final JsonAdapter<Role> ROLE = new JsonAdapter<>() {
    @Override
    public @Nullable Role fromJson(JsonReader reader) throws IOException {
      RoleJson r = WIRE.fromJson(reader);
      return r == null ? null : new Role(r.id(), r.name(), r.rights(),
          ids(r.embedded() == null ? null : r.embedded().users()), r.extras());
    }

    @Override
    public void toJson(JsonWriter writer, @Nullable Role value) {
      throw new UnsupportedOperationException("roles are read only");
    }
  };

  RolesImpl(ApiTransport transport) {
    super(transport, "roles", "roles", ROLE, 250);
  }

  @Override
  public Optional<Role> get(long id) {
    return transport.find(transport.url("roles/" + id).newBuilder()
        .addQueryParameter("with", "users").build(), ROLE);
  }

  /** The users of a role: ids, or objects with an id (both seen); anything else is skipped. */
  static List<Long> ids(@Nullable List<Object> users) {
    List<Long> out = new ArrayList<>();
    if (users != null) {
      for (Object u : users) {
        Object id = u instanceof Map<?, ?> m ? m.get("id") : u;
        if (id instanceof Number n) {
          out.add(n.longValue());
        } else if (id instanceof String s) {
          try {
            out.add(Long.parseLong(s.strip()));
          } catch (NumberFormatException e) {
            // not an id: skipped, as other unreadable values are
          }
        }
      }
    }
    return out;
  }

  /** A role as amoCRM sends it. */
  public record RoleJson(
      @Nullable Long id,
      @Nullable String name,
      @Nullable UserRights rights,
      @Json(name = "_embedded") @Nullable Embedded embedded,
      @Nullable Extras extras) {}

  /** The {@code _embedded} of a role. */
  public record Embedded(@Nullable List<Object> users) {}
}
