package io.github.farolero.amocrm.model;

/**
 * The kinds of entity that have notes, tags and custom fields, with their API path segment.
 */
public enum EntityType {
  /** Leads: {@code leads}. */
  LEADS("leads"),
  /** Contacts: {@code contacts}. */
  CONTACTS("contacts"),
  /** Companies: {@code companies}. */
  COMPANIES("companies"),
  /** Customers: {@code customers}. */
  CUSTOMERS("customers");

  private final String path;

  EntityType(String path) {
    this.path = path;
  }

  /** Returns the API path segment, such as {@code leads}. */
  public String path() {
    return path;
  }
}
