package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.error.AccountBlockedException;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.TooManyRequestsException;
import io.github.farolero.amocrm.error.ValidationError;
import io.github.farolero.amocrm.error.ValidationException;
import java.time.Duration;
import okhttp3.MediaType;
import org.junit.jupiter.api.Test;

/** Every status to its exception, whatever the body; messages say what came and stay bounded. */
class ApiErrorsTest {

  private static final MediaType PROBLEM = MediaType.get("application/problem+json");
  private static final MediaType HTML = MediaType.get("text/html");

  private static AmoCrmHttpException map(int status, MediaType type, String body) {
    return ApiErrors.map("GET /api/v4/leads", status, "req-1", type, body, null, 1, t -> t);
  }

  /**
   * A status a caller acts on differently has its own type; every other status is exactly
   * {@link AmoCrmHttpException}, told apart by {@code status()} (and a 403 by {@code errorCode()}).
   */
  @Test
  void eachStatusHasItsTypeAndItsStatus() {
    String problem = "{\"title\":\"T\",\"detail\":\"D\",\"status\":0}";
    assertThat(map(400, PROBLEM, problem)).isExactlyInstanceOf(ValidationException.class)
        .extracting(AmoCrmHttpException::status).isEqualTo(400);
    assertThat(map(403, HTML, "<html>403</html>"))
        .isExactlyInstanceOf(AccountBlockedException.class).extracting(AmoCrmHttpException::status).isEqualTo(403);
    assertThat(map(403, null, "")).isExactlyInstanceOf(AccountBlockedException.class);
    assertThat(ApiErrors.map("GET /x", 429, null, HTML, "<html/>", Duration.ofSeconds(3), 4, t -> t))
        .isExactlyInstanceOf(TooManyRequestsException.class)
        .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
          assertThat(e.status()).isEqualTo(429);
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
          assertThat(e).hasMessageContaining("after 4 attempts");
        });
    for (int s : new int[] {401, 402, 403, 404, 409, 500, 502, 503, 504, 599}) {
      AmoCrmHttpException e = map(s, PROBLEM, problem);
      assertThat(e).as("status %d", s).isExactlyInstanceOf(AmoCrmHttpException.class);
      assertThat(e.status()).isEqualTo(s);
      assertThat(e.errorCode()).isNull();
      assertThat(e.title()).isEqualTo("T");
      assertThat(e.detail()).isEqualTo("D");
      assertThat(e.requestId()).isEqualTo("req-1");
    }
    for (int s : new int[] {500, 502, 503, 504, 599}) {
      assertThat(map(s, HTML, "<html/>")).isExactlyInstanceOf(AmoCrmHttpException.class)
          .extracting(AmoCrmHttpException::status).isEqualTo(s);
    }
  }

  /** What each shared-type status means is in its message, as its own type said before. */
  @Test
  void theMessageSaysWhatTheStatusMeans() {
    String problem = "{\"title\":\"T\"}";
    assertThat(map(401, PROBLEM, problem))
        .hasMessageContaining("the token was refused and no newer one was available");
    assertThat(map(402, PROBLEM, problem)).hasMessageContaining("the account is not paid");
    assertThat(map(403, PROBLEM, problem)).hasMessageContaining("not retried");
    assertThat(map(403, PROBLEM, "{\"code\":113}"))
        .hasMessageContaining("this IP address is not allowed by the account (code 113)");
    assertThat(map(403, HTML, "<html/>")).hasMessageContaining("the account is blocked");
  }

  /** 403 code 113, in every shape amoCRM may send it: an IP not allowed, not a ban. */
  @Test
  void ipNotAllowedIsA403WithErrorCode113() {
    for (String body : new String[] {"{\"code\":113}", "{\"error_code\":\"113\"}",
        "{\"response\":{\"error_code\":\"113\",\"error\":\"IP\"}}",
        "{\"response\":{\"code\":113}}"}) {
      AmoCrmHttpException e = map(403, PROBLEM, body);
      assertThat(e).as(body).isExactlyInstanceOf(AmoCrmHttpException.class);
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.errorCode()).as(body).isEqualTo(AmoCrmHttpException.IP_NOT_ALLOWED);
    }
    assertThat(map(403, PROBLEM, "{\"response\":{\"error_code\":\"113\",\"error\":\"IP\"}}")
        .detail()).isEqualTo("IP");
    assertThat(map(403, PROBLEM, "{\"code\":7}").errorCode()).isEqualTo(7);
    assertThat(AmoCrmHttpException.IP_NOT_ALLOWED).isEqualTo(113);
  }

  @Test
  void validationErrorsAreReadWhateverTheRequestIdsShape() {
    String body = "{\"validation-errors\":["
        + "{\"request_id\":\"0\",\"errors\":[{\"code\":\"A\",\"path\":\"name\",\"detail\":\"x\"}]},"
        + "{\"request_id\":3,\"errors\":[{\"code\":\"B\",\"path\":\"price\"}]},"
        + "{\"request_id\":[\"7\"],\"errors\":[{\"code\":\"C\"}]},"
        + "{\"errors\":[{\"path\":\"p\"}]}],\"title\":\"Bad Request\",\"status\":400}";
    assertThat(map(400, PROBLEM, body).validationErrors()).containsExactly(
        new ValidationError(0, "A", "name", "x"), new ValidationError(3, "B", "price", null),
        new ValidationError(7, "C", "", null), new ValidationError(-1, "Unknown", "p", null));
  }

  @Test
  void theMessageSaysWhatTheBodyWas() {
    assertThat(map(500, null, "")).hasMessageContaining("an empty body");
    assertThat(map(500, null, "  <!DOCTYPE html><html>")).hasMessageContaining("an HTML page");
    assertThat(map(500, MediaType.get("text/plain"), "oops")).hasMessageContaining(
        "an unreadable body");
    // JSON without a title is readable: say so, and show its detail.
    assertThat(map(500, PROBLEM, "{\"detail\":\"db down\"}"))
        .hasMessageContaining("a problem without a title (db down)")
        .hasMessageNotContaining("unreadable");
    assertThat(map(500, PROBLEM, "{\"title\":\"Internal\",\"detail\":\"db down\"}"))
        .hasMessageContaining(": Internal (db down)");
  }

  /** Whatever the server sends, a message stays short enough to log. */
  @Test
  void messagesStayBounded() {
    String big = "x".repeat(100_000);
    StringBuilder errors = new StringBuilder("{\"title\":\"" + big + "\",\"detail\":\"" + big
        + "\",\"validation-errors\":[{\"request_id\":\"0\",\"errors\":[");
    for (int i = 0; i < 2_000; i++) {
      errors.append(i == 0 ? "" : ",").append("{\"code\":\"" + big.substring(0, 1000)
          + "\",\"path\":\"" + big.substring(0, 1000) + "\",\"detail\":\"" + big.substring(0, 1000)
          + "\"}");
    }
    errors.append("]}]}");
    AmoCrmHttpException e = ApiErrors.map("POST /api/v4/leads", 400, big, PROBLEM,
        errors.toString(), null, 1, t -> t);
    assertThat(e.getMessage().length()).isLessThan(12_000);
    assertThat(e.validationErrors()).hasSize(1000);
    assertThat(e).hasMessageContaining("and 995 more");
  }
}
