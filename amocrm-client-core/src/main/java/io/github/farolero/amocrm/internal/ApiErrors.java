package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.error.AccountBlockedException;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.CustomersDisabledException;
import io.github.farolero.amocrm.error.TooManyRequestsException;
import io.github.farolero.amocrm.error.ValidationError;
import io.github.farolero.amocrm.error.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import okhttp3.MediaType;
import org.jspecify.annotations.Nullable;

/** Turns an API error answer into the exception for its status. Messages carry no tokens. */
final class ApiErrors {

  /** What a 403 HTML page means, for every message that reports one. */
  static final String BLOCKED = ": the account is blocked or this IP is not allowed; retrying"
      + " makes a ban longer, only amoCRM support can lift it";

  /** What a 402 or 422 to a customers request means. */
  static final String CUSTOMERS_OFF = "; customers are off in this account or not in its tariff:"
      + " an administrator must turn them on (account settings, or customers().mode(...))";

  /** How much of an error body the interceptors look at. */
  static final long MAX_PEEK = 64 << 10;
  private static final int ERRORS_IN_MESSAGE = 5;
  private static final int MAX_REQUEST_ID = 100;
  private static final int MAX_TEXT = 500;

  private ApiErrors() {}

  /**
   * Returns true for amoCRM's ban answer: a 403 that is not JSON (its HTML page, or nothing). A
   * 403 in JSON is a refusal of something else (an IP not allowed, code 113), not a ban.
   */
  static boolean isBan(int status, String body) {
    return status == 403 && !Problem.parse(body).json();
  }

  /**
   * Maps an error answer to its exception.
   *
   * @param scrub removes secrets the server may have echoed from every text it wrote
   */
  static AmoCrmHttpException map(String where, int status, @Nullable String requestId,
      @Nullable MediaType type, String body, @Nullable Duration retryAfter, int attempts,
      UnaryOperator<String> scrub) {
    Problem p = Problem.parse(body).scrubbed(scrub);
    requestId = requestId == null ? null : scrub.apply(requestId);
    String title = Problem.shorten(p.title(), MAX_TEXT);
    String detail = Problem.shorten(p.detail(), MAX_TEXT);
    String what = title != null ? title
        : p.json() ? "a problem without a title"
        : Bodies.describe(type, body);
    String message = "amoCRM answered " + status + " to " + where + ": " + what
        + (detail != null && !detail.equals(what) ? " (" + detail + ")" : "")
        + (attempts > 1 ? " after " + attempts + " attempts" : "")
        + (requestId != null ? " [request " + shorten(requestId) + "]" : "");
    Integer code = p.code();
    if ((status == 402 || status == 422) && where.contains("/api/v4/customers")
        && p.validationErrors().isEmpty()) {
      // amoCRM's answer while the account has customers off (422) or its tariff lacks them (402).
      return new CustomersDisabledException(message + CUSTOMERS_OFF, status, code, title, detail,
          requestId);
    }
    switch (status) {
      case 400:
        return new ValidationException(message + errors(p.validationErrors()), title, detail,
            requestId, p.validationErrors(), 0, null);
      case 403:
        if (!p.json()) { // the same test as isBan: HTML or nothing
          return new AccountBlockedException(message + BLOCKED, title, detail, requestId);
        }
        break;
      case 429:
        return new TooManyRequestsException(message + "; too many requests, slow down",
            title, detail, requestId, retryAfter);
      default:
        break;
    }
    return new AmoCrmHttpException(message + meaning(status, code), status, code, title, detail,
        requestId, null);
  }

  /** What a status (and code) means for the caller, for the statuses that share one type. */
  private static String meaning(int status, @Nullable Integer code) {
    if (status == 401) {
      return "; the token was refused and no newer one was available";
    }
    if (status == 402) {
      return "; the account is not paid";
    }
    if (status == 403) {
      return code != null && code == AmoCrmHttpException.IP_NOT_ALLOWED
          ? "; this IP address is not allowed by the account (code 113)"
          : "; not retried";
    }
    return "";
  }

  /** A header is the server's to size: keep messages short enough to log. */
  static @Nullable String shorten(@Nullable String requestId) {
    return Problem.shorten(requestId, MAX_REQUEST_ID);
  }

  static String errors(List<ValidationError> errors) {
    if (errors.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(": ");
    for (int i = 0; i < errors.size() && i < ERRORS_IN_MESSAGE; i++) {
      sb.append(i == 0 ? "" : "; ").append(errors.get(i));
    }
    if (errors.size() > ERRORS_IN_MESSAGE) {
      sb.append("; and ").append(errors.size() - ERRORS_IN_MESSAGE).append(" more");
    }
    return sb.toString();
  }
}
