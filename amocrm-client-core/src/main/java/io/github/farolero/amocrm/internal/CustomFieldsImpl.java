package io.github.farolero.amocrm.internal;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.api.CustomFields;
import io.github.farolero.amocrm.api.Listing;
import io.github.farolero.amocrm.error.InvalidResponseException;
import io.github.farolero.amocrm.model.CustomFieldDefinition;
import io.github.farolero.amocrm.model.CustomFieldDraft;
import io.github.farolero.amocrm.model.CustomFieldGroup;
import io.github.farolero.amocrm.model.CustomFieldGroupDraft;
import io.github.farolero.amocrm.model.EntityType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** The custom field definitions of an entity type, and their groups. Thread-safe. */
final class CustomFieldsImpl extends PagedListing<CustomFieldDefinition>
    implements CustomFields {

  private static final JsonAdapter<FieldWrite> FIELD_WRITE = ModelJson.adapter(FieldWrite.class);
  private static final JsonAdapter<CustomFieldGroup> GROUP =
      ModelJson.adapter(CustomFieldGroup.class);
  private static final JsonAdapter<CustomFieldGroupDraft> GROUP_WRITE =
      ModelJson.adapter(CustomFieldGroupDraft.class);

  private final Listing<CustomFieldGroup> groups;

  CustomFieldsImpl(ApiTransport transport, EntityType type) {
    this(transport, type.path());
  }

  /**
   * The fields of any owner of custom fields under {@code /api/v4/}: an entity type's path, or
   * {@code catalogs/{id}} for a catalog's (the same endpoints, under the catalog).
   */
  CustomFieldsImpl(ApiTransport transport, String owner) {
    super(transport, owner + "/custom_fields", "custom_fields",
        ModelJson.adapter(CustomFieldDefinition.class), 50);
    this.groups = new PagedListing<>(transport, path + "/groups", "custom_field_groups", GROUP,
        null);
  }

  @Override
  public Optional<CustomFieldDefinition> get(long id) {
    return transport.find(transport.url(path + "/" + id), adapter);
  }

  @Override
  public List<CustomFieldDefinition> add(List<CustomFieldDraft> fields) {
    PipelinesImpl.requireAll(fields, "fields");
    for (int i = 0; i < fields.size(); i++) {
      CustomFieldDraft f = fields.get(i);
      if (f.type() == null || f.name() == null || f.name().isBlank()) {
        throw new IllegalArgumentException("fields[" + i + "] needs a type and a name");
      }
    }
    return Batches.send(transport, "POST", transport.url(path), fields,
        chunk -> PipelinesImpl.array(chunk.stream().map(CustomFieldsImpl::write).toList(),
            FIELD_WRITE),
        body -> HalPage.read(body, key, adapter).items(), f -> null, (index, f) -> f);
  }

  @Override
  public CustomFieldDefinition update(long id, CustomFieldDraft changes) {
    Objects.requireNonNull(changes, "changes == null");
    return one("PATCH", transport.url(path + "/" + id), FIELD_WRITE.toJson(write(changes)),
        adapter);
  }

  @Override
  public boolean delete(long id) {
    return PipelinesImpl.deleted(transport, transport.url(path + "/" + id), null);
  }

  @Override
  public Listing<CustomFieldGroup> groups() {
    return groups;
  }

  @Override
  public Optional<CustomFieldGroup> group(String id) {
    return transport.find(groupUrl(id), GROUP);
  }

  @Override
  public List<CustomFieldGroup> addGroups(List<CustomFieldGroupDraft> drafts) {
    PipelinesImpl.requireAll(drafts, "groups");
    for (int i = 0; i < drafts.size(); i++) {
      String name = drafts.get(i).name();
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("groups[" + i + "] has no name");
      }
    }
    return Batches.send(transport, "POST", transport.url(path + "/groups"), drafts,
        chunk -> PipelinesImpl.array(chunk, GROUP_WRITE),
        body -> HalPage.read(body, "custom_field_groups", GROUP).items(), g -> null,
        (index, g) -> g);
  }

  @Override
  public CustomFieldGroup updateGroup(String id, CustomFieldGroupDraft changes) {
    Objects.requireNonNull(changes, "changes == null");
    return one("PATCH", groupUrl(id), GROUP_WRITE.toJson(changes), GROUP);
  }

  @Override
  public boolean deleteGroup(String id) {
    return PipelinesImpl.deleted(transport, groupUrl(id), null);
  }

  private HttpUrl groupUrl(String id) {
    Objects.requireNonNull(id, "id == null");
    if (id.isBlank() || id.equals(".") || id.equals("..")) {
      throw new IllegalArgumentException("id is blank or a dot segment");
    }
    // One path segment, encoded: an id never reaches another route.
    return transport.url(path + "/groups").newBuilder().addPathSegment(id).build();
  }

  private <T> T one(String method, HttpUrl url, String json, JsonAdapter<T> reader) {
    T answer = transport.execute(method, url, json, reader::fromJson);
    if (answer == null) {
      throw new InvalidResponseException("amoCRM answered " + method + " " + url.encodedPath()
          + " without the changed item");
    }
    return answer;
  }

  private static FieldWrite write(CustomFieldDraft d) {
    return new FieldWrite(d.type(), d.name(), d.code(), d.sort(),
        d.enums() == null ? null : d.enums().stream()
            .map(o -> new OptionWrite(o.id(), o.value(), o.sort())).toList(),
        d.requiredStatuses() == null ? null : d.requiredStatuses().stream()
            .map(r -> new RequiredStatusWrite(r.pipelineId(), r.statusId())).toList(),
        d.settings(), d.apiOnly(), d.groupId(), d.remind());
  }

  /** A custom field as amoCRM takes it. */
  public record FieldWrite(
      @Nullable String type,
      @Nullable String name,
      @Nullable String code,
      @Nullable Long sort,
      @Nullable List<OptionWrite> enums,
      @Json(name = "required_statuses") @Nullable List<RequiredStatusWrite> requiredStatuses,
      @Nullable Map<String, Object> settings,
      @Json(name = "is_api_only") @Nullable Boolean apiOnly,
      @Json(name = "group_id") @Nullable String groupId,
      @Nullable String remind) {}

  /** An option as amoCRM takes it. */
  public record OptionWrite(@Nullable Long id, String value, @Nullable Long sort) {}

  /** A required status as amoCRM takes it. */
  public record RequiredStatusWrite(
      @Json(name = "pipeline_id") long pipelineId,
      @Json(name = "status_id") long statusId) {}
}
