package io.github.farolero.amocrm.api;

/**
 * The details {@code GET /api/v4/account?with=…} can add to the {@link
 * io.github.farolero.amocrm.model.Account}; see {@code AmoCrmClient.accountWith(AccountWith...)}.
 */
public enum AccountWith {
  /** The account's id in amoCRM's chat service: {@code Account.amojoId()}. */
  AMOJO_ID("amojo_id"),
  /** What users may do in the chats: {@code Account.amojoRights()}. */
  AMOJO_RIGHTS("amojo_rights"),
  /** The groups of users: {@code Account.usersGroups()}. */
  USERS_GROUPS("users_groups"),
  /** The task types: {@code Account.taskTypes()}. */
  TASK_TYPES("task_types"),
  /** amoCRM's version of the account: {@code Account.version()}. */
  VERSION("version"),
  /** The entities' names in each language: {@code Account.entityNames()}. */
  ENTITY_NAMES("entity_names"),
  /** The date and time formats and the time zone: {@code Account.datetimeSettings()}. */
  DATETIME_SETTINGS("datetime_settings"),
  /** The base URL of the account's file storage: {@code Account.driveUrl()}. */
  DRIVE_URL("drive_url"),
  /** Whether filtering by API is switched on: {@code Account.apiFilterEnabled()}. */
  IS_API_FILTER_ENABLED("is_api_filter_enabled");

  private final String value;

  AccountWith(String value) {
    this.value = value;
  }

  /** Returns the value amoCRM's {@code with} parameter takes, such as {@code amojo_id}. */
  public String value() {
    return value;
  }
}
