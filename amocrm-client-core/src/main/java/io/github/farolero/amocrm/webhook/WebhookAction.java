package io.github.farolero.amocrm.webhook;

import java.util.Locale;

/**
 * What happened to the entity, from the body's second-level group ({@code leads[status]...}). An
 * action this library does not know is {@link #UNKNOWN}; {@link WebhookEvent#actionName()} keeps
 * its name.
 */
public enum WebhookAction {
  /** Created: {@code add}. */
  ADD("add"),
  /** Changed: {@code update}. */
  UPDATE("update"),
  /** Deleted: {@code delete}. */
  DELETE("delete"),
  /** A lead moved to another status or pipeline: {@code status}. */
  STATUS("status"),
  /** Restored from the trash: {@code restore}. */
  RESTORE("restore"),
  /** Given to another responsible user: {@code responsible}. */
  RESPONSIBLE("responsible"),
  /** A note was added to the entity: {@code note}. */
  NOTE("note"),
  /** An action this library does not know; its name is in {@link WebhookEvent#actionName()}. */
  UNKNOWN("");

  private final String wireName;

  WebhookAction(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the name amoCRM gives the action in a body, such as {@code status}; "" for UNKNOWN. */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the action of a body's second-level group name, ignoring case.
   *
   * @param name such as {@code add} or {@code status}
   * @return the action, {@link #UNKNOWN} for a name this library does not know
   */
  public static WebhookAction fromWireName(String name) {
    for (WebhookAction a : values()) {
      if (a != UNKNOWN && a.wireName.equals(name.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    return UNKNOWN;
  }
}
