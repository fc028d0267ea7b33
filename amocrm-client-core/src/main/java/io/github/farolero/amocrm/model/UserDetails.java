package io.github.farolero.amocrm.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One user of the account with everything amoCRM tells about them: {@code GET
 * /api/v4/users/{id}?with=role,group,uuid,amojo_id,user_rank,phone_number}. The list of users
 * ({@link User}) carries the first four fields only.
 *
 * @param id the user's id
 * @param name the name
 * @param email the login email
 * @param lang the interface language, such as {@code ru}
 * @param rights the user's rights, or null if amoCRM sent none
 * @param uuid the user's UUID, or null (amoCRM does not give it to every integration)
 * @param amojoId the user's id in amoCRM's chat service, or null
 * @param userRank the user's rank, {@code newbie}, {@code candidate} or {@code master}, or null
 * @param phoneNumber the user's phone number, or null
 * @param roles the user's role ({@code _embedded.roles}: at most one), empty if none
 * @param groups the user's group ({@code _embedded.groups}: at most one), empty if none
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record UserDetails(
    @Nullable Long id,
    @Nullable String name,
    @Nullable String email,
    @Nullable String lang,
    @Nullable UserRights rights,
    @Nullable String uuid,
    @Nullable String amojoId,
    @Nullable String userRank,
    @Nullable String phoneNumber,
    List<Ref> roles,
    List<Ref> groups,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param id the user's id
   * @param name the name
   * @param email the login email
   * @param lang the interface language, such as {@code ru}
   * @param rights the user's rights, or null if amoCRM sent none
   * @param uuid the user's UUID, or null (amoCRM does not give it to every integration)
   * @param amojoId the user's id in amoCRM's chat service, or null
   * @param userRank the user's rank, {@code newbie}, {@code candidate} or {@code master}, or null
   * @param phoneNumber the user's phone number, or null
   * @param roles the user's role ({@code _embedded.roles}: at most one), empty if none
   * @param groups the user's group ({@code _embedded.groups}: at most one), empty if none
   */
  public UserDetails(
      @Nullable Long id,
      @Nullable String name,
      @Nullable String email,
      @Nullable String lang,
      @Nullable UserRights rights,
      @Nullable String uuid,
      @Nullable String amojoId,
      @Nullable String userRank,
      @Nullable String phoneNumber,
      List<Ref> roles,
      List<Ref> groups) {
    this(id, name, email, lang, rights, uuid, amojoId, userRank, phoneNumber, roles, groups, null);
  }

  /** Copies the lists. */
  public UserDetails {
    roles = List.copyOf(roles);
    groups = List.copyOf(groups);
  }

  /** Returns this user as the list of users has it. */
  public User toUser() {
    return new User(id, name, email, lang);
  }

  /**
   * A role or a group a user belongs to.
   *
   * @param id its id
   * @param name its name
   * @param extras what amoCRM sent that this record has no component for, or null
   *     (see {@link Extras})
   */
  public record Ref(@Nullable Long id, @Nullable String name,
      @Nullable Extras extras) {
    /**
     * Returns one with no extra keys.
     *
     * @param id its id
     * @param name its name
     */
    public Ref(
        @Nullable Long id,
        @Nullable String name) {
      this(id, name, null);
    }
  }
}
