package io.github.farolero.amocrm.webhook;

import java.util.Locale;

/**
 * The kind of entity a webhook event is about, from the body's top-level group ({@code leads},
 * {@code contacts}, {@code task}...). A company amoCRM sends under {@code contacts} with
 * {@code type=company} is a {@link #COMPANIES} event. A group this library does not know is
 * {@link #UNKNOWN}; {@link WebhookEvent#entityName()} keeps its name.
 */
public enum WebhookEntity {
  /** Leads: {@code leads}. */
  LEADS("leads"),
  /** Contacts: {@code contacts} (without {@code type=company}). */
  CONTACTS("contacts"),
  /** Companies: {@code companies}, or {@code contacts} with {@code type=company}. */
  COMPANIES("companies"),
  /** Customers: {@code customers}. */
  CUSTOMERS("customers"),
  /** Tasks: {@code task} (also read from {@code tasks}). */
  TASKS("task"),
  /** Notes: {@code notes} (also read from {@code note}). */
  NOTES("notes"),
  /** Incoming leads waiting in "unsorted": {@code unsorted}. */
  UNSORTED("unsorted"),
  /** Conversations: {@code talk} (also read from {@code talks}). */
  TALKS("talk"),
  /** Chat messages: {@code message} (also read from {@code messages}). */
  MESSAGES("message"),
  /** A group this library does not know; its name is in {@link WebhookEvent#entityName()}. */
  UNKNOWN("");

  private final String wireName;

  WebhookEntity(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the name amoCRM gives the group in a body, such as {@code task}; "" for UNKNOWN. */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the entity of a body's top-level group name, ignoring case.
   *
   * @param name such as {@code leads} or {@code task}
   * @return the entity, {@link #UNKNOWN} for a name this library does not know
   */
  public static WebhookEntity fromWireName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "leads", "lead" -> LEADS;
      case "contacts", "contact" -> CONTACTS;
      case "companies", "company" -> COMPANIES;
      case "customers", "customer" -> CUSTOMERS;
      case "task", "tasks" -> TASKS;
      case "notes", "note" -> NOTES;
      case "unsorted" -> UNSORTED;
      case "talk", "talks" -> TALKS;
      case "message", "messages" -> MESSAGES;
      default -> UNKNOWN;
    };
  }
}
