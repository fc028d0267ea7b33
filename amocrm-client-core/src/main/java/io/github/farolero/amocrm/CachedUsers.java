package io.github.farolero.amocrm;

import io.github.farolero.amocrm.model.User;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The account's users, as {@link ReferenceData} cached them: a snapshot with lookups by id, email
 * (ignoring case) and name (exactly). Reading it sends no request. Where two users share an email
 * or a name, the first in amoCRM's order wins. Immutable and thread-safe.
 */
public final class CachedUsers {

  private final List<User> all;
  private final Map<Long, User> byId = new HashMap<>();
  private final Map<String, User> byEmail = new HashMap<>();
  private final Map<String, User> byName = new HashMap<>();

  CachedUsers(List<User> users) {
    this.all = List.copyOf(users);
    for (User u : all) {
      if (u.id() != null) {
        byId.putIfAbsent(u.id(), u);
      }
      if (u.email() != null) {
        byEmail.putIfAbsent(u.email().toLowerCase(Locale.ROOT), u);
      }
      if (u.name() != null) {
        byName.putIfAbsent(u.name(), u);
      }
    }
  }

  /** Returns every user, in amoCRM's order. */
  public List<User> all() {
    return all;
  }

  /**
   * Returns the user with this id.
   *
   * @param id the user's id
   * @return the user, if there is one
   */
  public Optional<User> byId(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * Returns the user with this login email; case is ignored.
   *
   * @param email the email
   * @return the user, if there is one
   */
  public Optional<User> byEmail(String email) {
    Objects.requireNonNull(email, "email == null");
    return Optional.ofNullable(byEmail.get(email.toLowerCase(Locale.ROOT)));
  }

  /**
   * Returns the user with this name.
   *
   * @param name the name, exactly as in the account
   * @return the user, if there is one
   */
  public Optional<User> byName(String name) {
    return Optional.ofNullable(byName.get(Objects.requireNonNull(name, "name == null")));
  }

  @Override
  public String toString() {
    return "CachedUsers{" + all.size() + " users}";
  }
}
