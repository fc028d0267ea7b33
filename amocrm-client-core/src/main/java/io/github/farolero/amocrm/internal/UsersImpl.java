package io.github.farolero.amocrm.internal;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.api.Users;
import io.github.farolero.amocrm.model.Extras;
import io.github.farolero.amocrm.model.User;
import io.github.farolero.amocrm.model.UserDetails;
import io.github.farolero.amocrm.model.UserRights;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@code /api/v4/users}. Thread-safe. */
final class UsersImpl extends PagedListing<User> implements Users {

  /** Everything {@code GET /api/v4/users/{id}} can add. */
  static final String WITH_ALL = "role,group,uuid,amojo_id,user_rank,phone_number";

  private static final JsonAdapter<UserJson> USER = ModelJson.adapter(UserJson.class);

  UsersImpl(ApiTransport transport) {
    super(transport, "users", "users", ModelJson.adapter(User.class), 250);
  }

  @Override
  public Optional<UserDetails> get(long id) {
    return transport.find(transport.url("users/" + id).newBuilder()
        .addQueryParameter("with", WITH_ALL).build(), USER).map(UsersImpl::toDetails);
  }

  static UserDetails toDetails(UserJson u) {
    Embedded e = u.embedded();
    return new UserDetails(u.id(), u.name(), u.email(), u.lang(), u.rights(), u.uuid(),
        u.amojoId(), u.userRank(), u.phoneNumber(),
        refs(e == null ? null : e.roles()), refs(e == null ? null : e.groups()), u.extras());
  }

  static List<UserDetails.Ref> refs(@Nullable List<UserDetails.Ref> refs) {
    return refs == null ? List.of() : refs.stream().filter(Objects::nonNull).toList();
  }

  /** A user as {@code GET /api/v4/users/{id}} sends it. */
  public record UserJson(
      @Nullable Long id,
      @Nullable String name,
      @Nullable String email,
      @Nullable String lang,
      @Nullable UserRights rights,
      @Nullable String uuid,
      @Json(name = "amojo_id") @Nullable String amojoId,
      @Json(name = "user_rank") @Nullable String userRank,
      @Json(name = "phone_number") @Nullable String phoneNumber,
      @Json(name = "_embedded") @Nullable Embedded embedded,
      @Nullable Extras extras) {}

  /** The {@code _embedded} of a user. */
  public record Embedded(
      @Nullable List<UserDetails.Ref> roles,
      @Nullable List<UserDetails.Ref> groups) {}
}
