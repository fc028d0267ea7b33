package io.github.farolero.amocrm.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Which events to list: amoCRM's {@code filter[...]} parameters of {@code GET /api/v4/events},
 * typed. Turns into a {@link ListRequest} ({@link #toRequest()}).
 *
 * <pre>{@code
 * EventsFilter wonLeads = EventsFilter.builder()
 *     .types("lead_status_changed")
 *     .statusAfter(pipelineId, 142)           // moved to "won"
 *     .createdBetween(from, to)
 *     .build();
 * }</pre>
 *
 * <p>The builder checks what amoCRM documents at once: entity ids need exactly one entity type, at
 * most 10 entity ids and 10 users, a {@code custom_field_<ID>_value_changed} type goes alone, a
 * page holds at most {@value #MAX_LIMIT} events. Immutable and thread-safe.
 */
public final class EventsFilter {

  /** The most events amoCRM returns in one page. */
  public static final int MAX_LIMIT = 100;
  /** The most entity ids, or users, one filter may name. */
  public static final int MAX_IDS = 10;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]+");
  private static final Pattern FIELD_TYPE = Pattern.compile("custom_field_\\d+_value_changed");

  private final ListRequest request;
  private final List<String> types;

  private EventsFilter(Builder b) {
    this.types = List.copyOf(b.types);
    ListRequest.Builder r = ListRequest.builder();
    if (b.page != null) {
      r.page(b.page);
    }
    if (b.limit != null) {
      r.limit(b.limit);
    }
    if (!b.with.isEmpty()) {
      r.with(b.with.toArray(new String[0]));
    }
    b.ids.forEach(id -> r.param("filter[id][]", id));
    types.forEach(t -> r.param("filter[type][]", t));
    b.entities.forEach(e -> r.param("filter[entity][]", e));
    b.entityIds.forEach(id -> r.param("filter[entity_id][]", Long.toString(id)));
    b.createdBy.forEach(id -> r.param("filter[created_by][]", Long.toString(id)));
    if (b.createdFrom != null) {
      r.param("filter[created_at][from]", Long.toString(b.createdFrom.getEpochSecond()));
    }
    if (b.createdTo != null) {
      r.param("filter[created_at][to]", Long.toString(b.createdTo.getEpochSecond()));
    }
    b.params.forEach(p -> r.param(p[0], p[1]));
    this.request = r.build();
  }

  /** Returns a new builder: no filter, every event. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the event types this filter selects; empty for all. */
  public List<String> types() {
    return types;
  }

  /** Returns the list request this filter stands for. */
  public ListRequest toRequest() {
    return request;
  }

  @Override
  public String toString() {
    return "EventsFilter" + request.queryParameters();
  }

  /** Builds an {@link EventsFilter}. Setters check their arguments at once. Not thread-safe. */
  public static final class Builder {
    private @Nullable Integer page;
    private @Nullable Integer limit;
    private final List<String> with = new ArrayList<>();
    private final Set<String> ids = new LinkedHashSet<>();
    private final Set<String> types = new LinkedHashSet<>();
    private final Set<String> entities = new LinkedHashSet<>();
    private final Set<Long> entityIds = new LinkedHashSet<>();
    private final Set<Long> createdBy = new LinkedHashSet<>();
    private @Nullable Instant createdFrom;
    private @Nullable Instant createdTo;
    private final List<String[]> params = new ArrayList<>();
    private int beforeStatuses;
    private int afterStatuses;
    private boolean responsibleBefore;
    private boolean responsibleAfter;

    private Builder() {}

    /**
     * Selects events by id ({@code filter[id][]}).
     *
     * @param eventIds amoCRM's event ids
     * @return this builder
     * @throws IllegalArgumentException if an id is blank or not letters, digits, {@code _}, {@code -}
     */
    public Builder ids(String... eventIds) {
      for (String id : eventIds) {
        ids.add(checkName(id, "event id"));
      }
      return this;
    }

    /**
     * Selects events by type ({@code filter[type][]}), such as {@code lead_status_changed},
     * {@code lead_deleted}, {@code custom_field_123_value_changed}.
     *
     * @param eventTypes the types
     * @return this builder
     * @throws IllegalArgumentException if a type is blank or not a plain name
     */
    public Builder types(String... eventTypes) {
      for (String t : eventTypes) {
        types.add(checkName(t, "event type"));
      }
      return this;
    }

    /**
     * Selects events by entity type ({@code filter[entity][]}): {@code lead}, {@code contact},
     * {@code company}, {@code customer}, {@code task} or {@code catalog_<ID>}.
     *
     * @param entityTypes the entity types, singular as amoCRM's events name them
     * @return this builder
     * @throws IllegalArgumentException if a type is blank or not a plain name
     */
    public Builder entities(String... entityTypes) {
      for (String e : entityTypes) {
        entities.add(checkName(e, "entity type"));
      }
      return this;
    }

    /**
     * Selects the events of some entities ({@code filter[entity_id][]}); needs exactly one
     * {@link #entities entity type}.
     *
     * @param ids at most {@value EventsFilter#MAX_IDS} in all
     * @return this builder
     * @throws IllegalArgumentException if an id is not positive or there are more than 10
     */
    public Builder entityIds(long... ids) {
      for (long id : ids) {
        entityIds.add(positive(id, "entity id"));
      }
      checkCount(entityIds.size(), "entity ids");
      return this;
    }

    /**
     * Selects events caused by some users ({@code filter[created_by][]}).
     *
     * @param userIds at most {@value EventsFilter#MAX_IDS} in all
     * @return this builder
     * @throws IllegalArgumentException if an id is negative or there are more than 10
     */
    public Builder createdBy(long... userIds) {
      for (long id : userIds) {
        if (id < 0) {
          throw new IllegalArgumentException("user id < 0: " + id);
        }
        createdBy.add(id);
      }
      checkCount(createdBy.size(), "users");
      return this;
    }

    /**
     * Selects events that happened in a range, both ends inclusive, to the second
     * ({@code filter[created_at][from]} and {@code [to]}).
     *
     * @param from the start
     * @param to the end
     * @return this builder
     * @throws IllegalArgumentException if {@code from} is after {@code to}
     */
    public Builder createdBetween(Instant from, Instant to) {
      Objects.requireNonNull(from, "from == null");
      Objects.requireNonNull(to, "to == null");
      if (from.getEpochSecond() > to.getEpochSecond()) {
        throw new IllegalArgumentException("from is after to: " + from + " > " + to);
      }
      createdFrom = from;
      createdTo = to;
      return this;
    }

    /**
     * Selects events that happened at or after an instant, to the second.
     *
     * @param from the start
     * @return this builder
     */
    public Builder createdSince(Instant from) {
      createdFrom = Objects.requireNonNull(from, "from == null");
      createdTo = null;
      return this;
    }

    /**
     * Selects stage changes from a stage
     * ({@code filter[value_before][leads_statuses][N][pipeline_id|status_id]}); may be called
     * again for more stages. Meant with the type {@code lead_status_changed}.
     *
     * @param pipelineId the pipeline
     * @param statusId the stage in it
     * @return this builder
     * @throws IllegalArgumentException if an id is not positive
     */
    public Builder statusBefore(long pipelineId, long statusId) {
      status("value_before", beforeStatuses++, pipelineId, statusId);
      return this;
    }

    /**
     * Selects stage changes to a stage
     * ({@code filter[value_after][leads_statuses][N][pipeline_id|status_id]}); may be called
     * again for more stages. Meant with the type {@code lead_status_changed}.
     *
     * @param pipelineId the pipeline
     * @param statusId the stage in it
     * @return this builder
     * @throws IllegalArgumentException if an id is not positive
     */
    public Builder statusAfter(long pipelineId, long statusId) {
      status("value_after", afterStatuses++, pipelineId, statusId);
      return this;
    }

    /**
     * Selects changes of the responsible user away from some users
     * ({@code filter[value_before][responsible_user_id]}, comma-separated). Meant with the type
     * {@code entity_responsible_changed}.
     *
     * @param userIds one or more users
     * @return this builder
     * @throws IllegalArgumentException if none is given or an id is not positive
     * @throws IllegalStateException if it was set already
     */
    public Builder responsibleBefore(long... userIds) {
      if (responsibleBefore) {
        throw new IllegalStateException("responsibleBefore was already set");
      }
      responsibleBefore = true;
      responsible("value_before", userIds);
      return this;
    }

    /**
     * Selects changes of the responsible user to some users
     * ({@code filter[value_after][responsible_user_id]}, comma-separated). Meant with the type
     * {@code entity_responsible_changed}.
     *
     * @param userIds one or more users
     * @return this builder
     * @throws IllegalArgumentException if none is given or an id is not positive
     * @throws IllegalStateException if it was set already
     */
    public Builder responsibleAfter(long... userIds) {
      if (responsibleAfter) {
        throw new IllegalStateException("responsibleAfter was already set");
      }
      responsibleAfter = true;
      responsible("value_after", userIds);
      return this;
    }

    /**
     * Adds related data to each event ({@code with}): {@code lead_name}, {@code contact_name},
     * {@code company_name}, {@code customer_name}, {@code catalog_element_name},
     * {@code catalog_name}.
     *
     * @param relations the relations
     * @return this builder
     */
    public Builder with(String... relations) {
      for (String r : relations) {
        with.add(checkName(r, "relation"));
      }
      return this;
    }

    /**
     * Sets the page size. Default 100.
     *
     * @param limit 1 to {@value EventsFilter#MAX_LIMIT}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder limit(int limit) {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ": " + limit);
      }
      this.limit = limit;
      return this;
    }

    /**
     * Sets the page to start from. Default the first.
     *
     * @param page at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder page(int page) {
      if (page < 1) {
        throw new IllegalArgumentException("page < 1: " + page);
      }
      this.page = page;
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     * @throws IllegalStateException if entity ids are set without exactly one entity type, or a
     *     {@code custom_field_<ID>_value_changed} type is combined with other types
     */
    public EventsFilter build() {
      if (!entityIds.isEmpty() && entities.size() != 1) {
        throw new IllegalStateException("entityIds need exactly one entity type, got "
            + entities);
      }
      if (types.size() > 1 && types.stream().anyMatch(t -> FIELD_TYPE.matcher(t).matches())) {
        throw new IllegalStateException("a custom_field_<ID>_value_changed type goes alone: "
            + types);
      }
      return new EventsFilter(this);
    }

    private void status(String side, int index, long pipelineId, long statusId) {
      positive(pipelineId, "pipeline id");
      positive(statusId, "status id");
      String base = "filter[" + side + "][leads_statuses][" + index + "]";
      params.add(new String[] {base + "[pipeline_id]", Long.toString(pipelineId)});
      params.add(new String[] {base + "[status_id]", Long.toString(statusId)});
    }

    private void responsible(String side, long[] userIds) {
      if (userIds.length == 0) {
        throw new IllegalArgumentException("responsible user ids are empty");
      }
      for (long id : userIds) {
        positive(id, "user id");
      }
      params.add(new String[] {"filter[" + side + "][responsible_user_id]",
          Arrays.stream(userIds).mapToObj(Long::toString).collect(Collectors.joining(","))});
    }

    private static String checkName(String value, String what) {
      Objects.requireNonNull(value, what + " == null");
      if (!NAME.matcher(value).matches()) {
        throw new IllegalArgumentException(what + " must be letters, digits, _ or -: '"
            + value + "'");
      }
      return value;
    }

    private static long positive(long id, String what) {
      if (id <= 0) {
        throw new IllegalArgumentException(what + " must be positive: " + id);
      }
      return id;
    }

    private static void checkCount(int n, String what) {
      if (n > MAX_IDS) {
        throw new IllegalArgumentException("at most " + MAX_IDS + " " + what + ": " + n);
      }
    }
  }
}
