package io.github.farolero.amocrm.testkit;

/**
 * The fixed data every {@link MockAmoCrmServer} starts with: one user, two pipelines with their
 * stages, and custom fields of leads, contacts and companies. Entities refer to these ids; others
 * are refused with amoCRM's validation errors.
 *
 * <table>
 *   <caption>Custom fields</caption>
 *   <tr><th>entity</th><th>id</th><th>type</th><th>code / options</th></tr>
 *   <tr><td>leads</td><td>{@value #LEAD_TEXT_FIELD}</td><td>text</td><td></td></tr>
 *   <tr><td>leads</td><td>{@value #LEAD_NUMERIC_FIELD}</td><td>numeric</td><td></td></tr>
 *   <tr><td>leads</td><td>{@value #LEAD_SELECT_FIELD}</td><td>select</td>
 *       <td>{@value #SELECT_WEB} Web, {@value #SELECT_PHONE} Phone, {@value #SELECT_PARTNER}
 *       Partner</td></tr>
 *   <tr><td>leads</td><td>{@value #LEAD_MULTISELECT_FIELD}</td><td>multiselect</td>
 *       <td>{@value #MULTI_A} A, {@value #MULTI_B} B, {@value #MULTI_C} C</td></tr>
 *   <tr><td>leads</td><td>{@value #LEAD_DATE_FIELD}</td><td>date</td><td></td></tr>
 *   <tr><td>leads</td><td>{@value #LEAD_CHECKBOX_FIELD}</td><td>checkbox</td><td></td></tr>
 *   <tr><td>contacts</td><td>{@value #CONTACT_PHONE_FIELD}</td><td>multitext</td>
 *       <td>PHONE: WORK, WORKDD, MOB, FAX, HOME, OTHER</td></tr>
 *   <tr><td>contacts</td><td>{@value #CONTACT_EMAIL_FIELD}</td><td>multitext</td>
 *       <td>EMAIL: WORK, PRIV, OTHER</td></tr>
 *   <tr><td>companies</td><td>{@value #COMPANY_PHONE_FIELD}</td><td>multitext</td>
 *       <td>PHONE</td></tr>
 *   <tr><td>companies</td><td>{@value #COMPANY_EMAIL_FIELD}</td><td>multitext</td>
 *       <td>EMAIL</td></tr>
 * </table>
 */
public final class MockSeed {
  private MockSeed() {}

  /** The account's only user, responsible for everything by default. */
  public static final long USER_ID = 1;
  /** A second user leads can be handed to (not listed by {@code users}). */
  public static final long SECOND_USER_ID = 2;
  /** The role of {@link #SECOND_USER_ID} ({@code GET /api/v4/roles}); the admin has none. */
  public static final long ROLE_ID = 500;
  /** The first of the two loss reasons ({@code GET /api/v4/leads/loss_reasons}). */
  public static final long LOSS_REASON_ID = 600;

  /** The main pipeline. */
  public static final long PIPELINE_ID = 1000;
  /** The main pipeline's "unsorted" stage. */
  public static final long STATUS_UNSORTED = 1001;
  /** The main pipeline's first stage, where new leads go by default. */
  public static final long STATUS_NEW = 1002;
  /** The main pipeline's second stage. */
  public static final long STATUS_IN_PROGRESS = 1003;
  /** A second pipeline. */
  public static final long SECOND_PIPELINE_ID = 2000;
  /** The second pipeline's first stage. */
  public static final long SECOND_STATUS_NEW = 2001;
  /** amoCRM's fixed "won" stage, in every pipeline. */
  public static final long STATUS_WON = 142;
  /** amoCRM's fixed "lost" stage, in every pipeline. */
  public static final long STATUS_LOST = 143;

  /** A text field of leads. */
  public static final long LEAD_TEXT_FIELD = 500001;
  /** A numeric field of leads. */
  public static final long LEAD_NUMERIC_FIELD = 500002;
  /** A select field of leads. */
  public static final long LEAD_SELECT_FIELD = 500003;
  /** An option of {@link #LEAD_SELECT_FIELD}. */
  public static final long SELECT_WEB = 600001;
  /** An option of {@link #LEAD_SELECT_FIELD}. */
  public static final long SELECT_PHONE = 600002;
  /** An option of {@link #LEAD_SELECT_FIELD}. */
  public static final long SELECT_PARTNER = 600003;
  /** A multiselect field of leads. */
  public static final long LEAD_MULTISELECT_FIELD = 500004;
  /** An option of {@link #LEAD_MULTISELECT_FIELD}. */
  public static final long MULTI_A = 600011;
  /** An option of {@link #LEAD_MULTISELECT_FIELD}. */
  public static final long MULTI_B = 600012;
  /** An option of {@link #LEAD_MULTISELECT_FIELD}. */
  public static final long MULTI_C = 600013;
  /** A date field of leads. */
  public static final long LEAD_DATE_FIELD = 500005;
  /** A checkbox field of leads. */
  public static final long LEAD_CHECKBOX_FIELD = 500006;

  /** The {@code PHONE} field of contacts. */
  public static final long CONTACT_PHONE_FIELD = 510001;
  /** The {@code EMAIL} field of contacts. */
  public static final long CONTACT_EMAIL_FIELD = 510002;
  /** The {@code PHONE} field of companies. */
  public static final long COMPANY_PHONE_FIELD = 520001;
  /** The {@code EMAIL} field of companies. */
  public static final long COMPANY_EMAIL_FIELD = 520002;
}
