package io.github.farolero.amocrm.model;

import com.squareup.moshi.Json;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rights of a user or a role ({@code rights} of {@code GET /api/v4/users/{id}} and of
 * {@code GET /api/v4/roles/{id}}). Each entity right is amoCRM's letter: {@code A} all,
 * {@code G} the user's group, {@code M} only the user's own, {@code D} denied; kept as sent, so a
 * letter amoCRM adds later reads too. The user-only fields ({@code is_admin} and after) are null
 * in a role's rights.
 *
 * @param leads the rights on leads
 * @param contacts the rights on contacts
 * @param companies the rights on companies
 * @param tasks the rights on tasks (amoCRM sends {@code edit} and {@code delete})
 * @param mailAccess true if the user may use the mail
 * @param catalogAccess true if the user may use the lists (catalogs)
 * @param filesAccess true if the user may use the files
 * @param statusRights the rights per pipeline status, where they differ from {@code leads}
 * @param admin true for an account administrator
 * @param free true for a free (read-only) user
 * @param active true if the user is active
 * @param groupId the user's group ({@code 0} for the main group), or null
 * @param roleId the user's role, or null
 * @param extras what amoCRM sent that this record has no component for, or null
 *     (see {@link Extras})
 */
public record UserRights(
    @Nullable EntityRights leads,
    @Nullable EntityRights contacts,
    @Nullable EntityRights companies,
    @Nullable EntityRights tasks,
    @Json(name = "mail_access") @Nullable Boolean mailAccess,
    @Json(name = "catalog_access") @Nullable Boolean catalogAccess,
    @Json(name = "files_access") @Nullable Boolean filesAccess,
    @Json(name = "status_rights") @Nullable List<StatusRights> statusRights,
    @Json(name = "is_admin") @Nullable Boolean admin,
    @Json(name = "is_free") @Nullable Boolean free,
    @Json(name = "is_active") @Nullable Boolean active,
    @Json(name = "group_id") @Nullable Long groupId,
    @Json(name = "role_id") @Nullable Long roleId,
    @Nullable Extras extras) {
  /**
   * Returns one with no extra keys.
   *
   * @param leads the rights on leads
   * @param contacts the rights on contacts
   * @param companies the rights on companies
   * @param tasks the rights on tasks (amoCRM sends {@code edit} and {@code delete})
   * @param mailAccess true if the user may use the mail
   * @param catalogAccess true if the user may use the lists (catalogs)
   * @param filesAccess true if the user may use the files
   * @param statusRights the rights per pipeline status, where they differ from {@code leads}
   * @param admin true for an account administrator
   * @param free true for a free (read-only) user
   * @param active true if the user is active
   * @param groupId the user's group ({@code 0} for the main group), or null
   * @param roleId the user's role, or null
   */
  public UserRights(
      @Nullable EntityRights leads,
      @Nullable EntityRights contacts,
      @Nullable EntityRights companies,
      @Nullable EntityRights tasks,
      @Nullable Boolean mailAccess,
      @Nullable Boolean catalogAccess,
      @Nullable Boolean filesAccess,
      @Nullable List<StatusRights> statusRights,
      @Nullable Boolean admin,
      @Nullable Boolean free,
      @Nullable Boolean active,
      @Nullable Long groupId,
      @Nullable Long roleId) {
    this(leads, contacts, companies, tasks, mailAccess, catalogAccess, filesAccess, statusRights,
        admin, free, active, groupId, roleId, null);
  }

  /** Copies the list. */
  public UserRights {
    statusRights = Models.copy(statusRights);
  }

  /**
   * The rights on one entity type: each {@code A}, {@code G}, {@code M} or {@code D}, or null
   * where amoCRM sent none.
   *
   * @param view may see
   * @param edit may change
   * @param add may add
   * @param delete may delete
   * @param export may export
   * @param extras what amoCRM sent that this record has no component for, or null
   *     (see {@link Extras})
   */
  public record EntityRights(
      @Nullable String view,
      @Nullable String edit,
      @Nullable String add,
      @Nullable String delete,
      @Nullable String export,
      @Nullable Extras extras) {
    /**
     * Returns one with no extra keys.
     *
     * @param view may see
     * @param edit may change
     * @param add may add
     * @param delete may delete
     * @param export may export
     */
    public EntityRights(
        @Nullable String view,
        @Nullable String edit,
        @Nullable String add,
        @Nullable String delete,
        @Nullable String export) {
      this(view, edit, add, delete, export, null);
    }
  }

  /**
   * The rights on the leads in one status of a pipeline.
   *
   * @param entityType the entity type, {@code leads}
   * @param pipelineId the pipeline
   * @param statusId the status
   * @param rights the rights in that status
   * @param extras what amoCRM sent that this record has no component for, or null
   *     (see {@link Extras})
   */
  public record StatusRights(
      @Json(name = "entity_type") @Nullable String entityType,
      @Json(name = "pipeline_id") @Nullable Long pipelineId,
      @Json(name = "status_id") @Nullable Long statusId,
      @Nullable EntityRights rights,
      @Nullable Extras extras) {
    /**
     * Returns one with no extra keys.
     *
     * @param entityType the entity type, {@code leads}
     * @param pipelineId the pipeline
     * @param statusId the status
     * @param rights the rights in that status
     */
    public StatusRights(
        @Nullable String entityType,
        @Nullable Long pipelineId,
        @Nullable Long statusId,
        @Nullable EntityRights rights) {
      this(entityType, pipelineId, statusId, rights, null);
    }
  }
}
