package io.github.farolero.amocrm.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A status to add to a pipeline, or the changes to one: the body of {@code POST} and {@code PATCH
 * /api/v4/leads/pipelines/{pipeline_id}/statuses}. A null field is not sent (on a change: left
 * as it is).
 *
 * <pre>{@code
 * StatusDraft draft = StatusDraft.named("Meeting").withColor("#99ccff").withSort(40L);
 * }</pre>
 *
 * @param name the status's name (required to add one)
 * @param sort its position
 * @param color its color, one of amoCRM's palette such as {@code #fffeb2}
 * @param descriptions what the status means for users of each level, or null to leave them
 */
public record StatusDraft(
    @Nullable String name,
    @Nullable Long sort,
    @Nullable String color,
    @Nullable List<Description> descriptions) {

  /** Copies the list. */
  public StatusDraft {
    descriptions = descriptions == null ? null : List.copyOf(descriptions);
  }

  /**
   * Returns a draft with just a name.
   *
   * @param name the name
   * @return the draft
   */
  public static StatusDraft named(String name) {
    return new StatusDraft(Objects.requireNonNull(name, "name == null"), null, null, null);
  }

  /**
   * Returns a copy with another position.
   *
   * @param sort the position, or null to leave it
   * @return the copy
   */
  public StatusDraft withSort(@Nullable Long sort) {
    return new StatusDraft(name, sort, color, descriptions);
  }

  /**
   * Returns a copy with another color.
   *
   * @param color the color, or null to leave it
   * @return the copy
   */
  public StatusDraft withColor(@Nullable String color) {
    return new StatusDraft(name, sort, color, descriptions);
  }

  /**
   * Returns a copy with these descriptions.
   *
   * @param descriptions the descriptions, or null to leave them
   * @return the copy
   */
  public StatusDraft withDescriptions(@Nullable List<Description> descriptions) {
    return new StatusDraft(name, sort, color, descriptions);
  }

  /**
   * What a status means for users of one level.
   *
   * @param level {@code newbie}, {@code candidate} or {@code master}
   * @param description the text
   */
  public record Description(String level, String description) {

    /** Checks the arguments. */
    public Description {
      Objects.requireNonNull(level, "level == null");
      Objects.requireNonNull(description, "description == null");
    }
  }
}
