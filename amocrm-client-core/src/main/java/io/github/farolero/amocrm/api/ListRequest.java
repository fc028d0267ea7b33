package io.github.farolero.amocrm.api;

import java.lang.reflect.Array;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What to list: filters, related entities ({@code with}), order, page size ({@code limit}, at
 * most 250), a search {@code query}, and the first page.
 *
 * <pre>{@code
 * ListRequest request = ListRequest.builder()
 *     .limit(250)
 *     .with("contacts")
 *     .filter("pipeline_id", pipelineId)
 *     .filterRange("updated_at", since, Instant.now())
 *     .order("updated_at", ListRequest.Direction.DESC)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ListRequest {

  /** The most amoCRM returns in one page. */
  public static final int MAX_LIMIT = 250;

  private static final ListRequest ALL = new Builder().build();
  private static final Set<String> MANAGED = Set.of("page", "limit", "with", "query");

  /** The direction of an {@code order}. */
  public enum Direction {
    /** Ascending. */
    ASC,
    /** Descending. */
    DESC
  }

  private final @Nullable Integer page;
  private final @Nullable Integer limit;
  private final List<String> with;
  private final @Nullable String query;
  private final List<Map.Entry<String, String>> params;

  private ListRequest(Builder b) {
    this.page = b.page;
    this.limit = b.limit;
    this.with = List.copyOf(b.with);
    this.query = b.query;
    this.params = List.copyOf(b.params);
  }

  /** Returns a request for everything, from the first page, in the service's default order. */
  public static ListRequest all() {
    return ALL;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this request. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.page = page;
    b.limit = limit;
    b.with.addAll(with);
    b.query = query;
    b.params.addAll(params);
    return b;
  }

  /** Returns the page to start from (1 is the first), or null for the first. */
  public @Nullable Integer page() {
    return page;
  }

  /** Returns the page size, or null for the service's default. */
  public @Nullable Integer limit() {
    return limit;
  }

  /** Returns the related entities to include. */
  public List<String> with() {
    return with;
  }

  /** Returns the search query, or null. */
  public @Nullable String query() {
    return query;
  }

  /**
   * Returns every query parameter this request adds, in order: {@code page}, {@code limit},
   * {@code with}, {@code query}, then the filters, orders and raw parameters as they were added.
   * A listing sends its own default {@code limit} when none was set.
   *
   * @return name and value pairs, not yet URL-encoded
   */
  public List<Map.Entry<String, String>> queryParameters() {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (page != null) {
      out.add(pair("page", page.toString()));
    }
    if (limit != null) {
      out.add(pair("limit", limit.toString()));
    }
    if (!with.isEmpty()) {
      out.add(pair("with", String.join(",", with)));
    }
    if (query != null) {
      out.add(pair("query", query));
    }
    out.addAll(params);
    return out;
  }

  @Override
  public String toString() {
    return "ListRequest" + queryParameters();
  }

  private static Map.Entry<String, String> pair(String name, String value) {
    return new AbstractMap.SimpleImmutableEntry<>(name, value);
  }

  /** Builds a {@link ListRequest}. Setters check their argument at once. Not thread-safe. */
  public static final class Builder {
    private @Nullable Integer page;
    private @Nullable Integer limit;
    private final List<String> with = new ArrayList<>();
    private @Nullable String query;
    private final List<Map.Entry<String, String>> params = new ArrayList<>();

    private Builder() {}

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
     * Sets the page size. Default: 250 for entities, notes and tags (fewest requests under the
     * rate limit), amoCRM's own default elsewhere.
     *
     * @param limit 1 to {@value ListRequest#MAX_LIMIT}
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
     * Includes related entities, such as {@code contacts}, {@code companies},
     * {@code loss_reason}, {@code leads}.
     *
     * @param relations the relations
     * @return this builder
     */
    public Builder with(String... relations) {
      for (String r : relations) {
        Objects.requireNonNull(r, "relation == null");
        if (r.isBlank()) {
          throw new IllegalArgumentException("relation is blank");
        }
        with.add(r.strip());
      }
      return this;
    }

    /**
     * Searches: amoCRM matches the query against names and field values.
     *
     * @param query the text
     * @return this builder
     */
    public Builder query(String query) {
      this.query = Objects.requireNonNull(query, "query == null");
      return this;
    }

    /**
     * Filters by a field: {@code filter[field]=value}, or {@code filter[field][]=...} for several
     * values. A collection or an array among the values stands for its elements (and always
     * uses the {@code []} form): {@code filter("id", ids)} with a {@code List<Long>} works.
     *
     * @param field such as {@code id}, {@code name}, {@code pipeline_id},
     *     {@code responsible_user_id}
     * @param values one or more values (strings or numbers, or collections or arrays of them)
     * @return this builder
     * @throws IllegalArgumentException if no value is given
     */
    public Builder filter(String field, Object... values) {
      checkField(field);
      List<String> flat = new ArrayList<>();
      boolean many = values.length > 1;
      for (Object v : values) {
        Objects.requireNonNull(v, "filter value == null");
        if (v instanceof Iterable<?> items) {
          many = true;
          for (Object item : items) {
            flat.add(String.valueOf(Objects.requireNonNull(item, "filter value == null")));
          }
        } else if (v.getClass().isArray()) {
          many = true;
          for (int i = 0; i < Array.getLength(v); i++) {
            Object item = Array.get(v, i);
            flat.add(String.valueOf(Objects.requireNonNull(item, "filter value == null")));
          }
        } else {
          flat.add(String.valueOf(v));
        }
      }
      if (flat.isEmpty()) {
        throw new IllegalArgumentException("filter " + field + " needs a value");
      }
      String name = many ? "filter[" + field + "][]" : "filter[" + field + "]";
      for (String v : flat) {
        params.add(pair(name, v));
      }
      return this;
    }

    /**
     * Filters a time field by a range: {@code filter[field][from]} and {@code [to]}, unix
     * seconds.
     *
     * @param field such as {@code created_at}, {@code updated_at}, {@code closed_at}
     * @param from the start, inclusive
     * @param to the end, inclusive
     * @return this builder
     * @throws IllegalArgumentException if {@code from} is after {@code to}
     */
    public Builder filterRange(String field, Instant from, Instant to) {
      checkField(field);
      Objects.requireNonNull(from, "from == null");
      Objects.requireNonNull(to, "to == null");
      if (from.isAfter(to)) {
        throw new IllegalArgumentException("from is after to: " + from + " > " + to);
      }
      params.add(pair("filter[" + field + "][from]", Long.toString(from.getEpochSecond())));
      params.add(pair("filter[" + field + "][to]", Long.toString(to.getEpochSecond())));
      return this;
    }

    /**
     * Orders the list: {@code order[field]=asc|desc}.
     *
     * @param field {@code created_at}, {@code updated_at} or {@code id}
     * @param direction the direction
     * @return this builder
     */
    public Builder order(String field, Direction direction) {
      checkField(field);
      Objects.requireNonNull(direction, "direction == null");
      params.add(pair("order[" + field + "]", direction == Direction.ASC ? "asc" : "desc"));
      return this;
    }

    /**
     * Adds a query parameter as it is, for filters this builder has no method for, such as
     * {@code filter[statuses][0][pipeline_id]}.
     *
     * @param name the parameter's name; not {@code page}, {@code limit}, {@code with} or
     *     {@code query}, which have their own methods
     * @param value its value
     * @return this builder
     * @throws IllegalArgumentException if the name is blank or one of those four
     */
    public Builder param(String name, String value) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name is blank");
      }
      if (MANAGED.contains(name)) {
        // Sent twice otherwise, and limit would escape its 1..250 check.
        throw new IllegalArgumentException("use " + name + "(...) for " + name);
      }
      params.add(pair(name, value));
      return this;
    }

    /** Builds the request. */
    public ListRequest build() {
      return new ListRequest(this);
    }

    private static void checkField(String field) {
      Objects.requireNonNull(field, "field == null");
      if (field.isBlank()) {
        throw new IllegalArgumentException("field is blank");
      }
    }
  }
}
