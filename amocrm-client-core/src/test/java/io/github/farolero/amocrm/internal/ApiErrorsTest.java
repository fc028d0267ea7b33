package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.AccountBlockedException;
import io.github.farolero.amocrm.AmoCrmHttpException;
import io.github.farolero.amocrm.ForbiddenException;
import io.github.farolero.amocrm.IpNotAllowedException;
import io.github.farolero.amocrm.NotFoundException;
import io.github.farolero.amocrm.PaymentRequiredException;
import io.github.farolero.amocrm.ServerErrorException;
import io.github.farolero.amocrm.TooManyRequestsException;
import io.github.farolero.amocrm.UnauthorizedException;
import io.github.farolero.amocrm.ValidationError;
import io.github.farolero.amocrm.ValidationException;
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

  @Test
  void eachStatusHasItsType() {
    String problem = "{\"title\":\"T\",\"detail\":\"D\",\"status\":0}";
    assertThat(map(400, PROBLEM, problem)).isInstanceOf(ValidationException.class);
    assertThat(map(401, PROBLEM, problem)).isInstanceOf(UnauthorizedException.class);
    assertThat(map(402, PROBLEM, problem)).isInstanceOf(PaymentRequiredException.class);
    assertThat(map(403, HTML, "<html>403</html>")).isInstanceOf(AccountBlockedException.class);
    assertThat(map(403, null, "")).isInstanceOf(AccountBlockedException.class);
    assertThat(map(403, PROBLEM, "{\"response\":{\"error_code\":\"113\",\"error\":\"IP\"}}"))
        .isInstanceOf(IpNotAllowedException.class).extracting(AmoCrmHttpException::detail)
        .isEqualTo("IP");
    assertThat(map(403, PROBLEM, "{\"code\":113}")).isInstanceOf(IpNotAllowedException.class);
    assertThat(map(403, PROBLEM, problem)).isExactlyInstanceOf(ForbiddenException.class);
    assertThat(map(404, PROBLEM, problem)).isInstanceOf(NotFoundException.class);
    assertThat(ApiErrors.map("GET /x", 429, null, HTML, "<html/>", Duration.ofSeconds(3), 4, t -> t))
        .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
          assertThat(e).hasMessageContaining("after 4 attempts");
        });
    for (int s : new int[] {500, 502, 503, 504, 599}) {
      assertThat(map(s, HTML, "<html/>")).isInstanceOf(ServerErrorException.class)
          .extracting(AmoCrmHttpException::status).isEqualTo(s);
    }
    assertThat(map(409, PROBLEM, problem)).isExactlyInstanceOf(AmoCrmHttpException.class);
    assertThat(map(404, PROBLEM, problem).requestId()).isEqualTo("req-1");
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
