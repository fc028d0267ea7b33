package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import io.github.farolero.amocrm.AccountBlockedException;
import io.github.farolero.amocrm.AmoCrmException;
import io.github.farolero.amocrm.AmoCrmHttpException;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/** Runs API v4 requests through the authenticated client and turns answers into values or errors. */
public final class ApiTransport {

  private static final long MAX_BODY = 64L << 20;

  private final OkHttpClient http;
  private final HttpUrl baseUrl;

  public ApiTransport(OkHttpClient http, HttpUrl baseUrl) {
    this.http = http;
    this.baseUrl = baseUrl;
  }

  /** Returns the base URL API paths resolve against. */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** GETs a path under {@code /api/v4/} and reads the answer; null for 204 No Content. */
  public <T> @Nullable T get(String path, JsonAdapter<T> adapter) {
    HttpUrl url = baseUrl.newBuilder().addPathSegments("api/v4/" + path).build();
    Request request = new Request.Builder().url(url).header("Accept", "application/hal+json")
        .get().build();
    try (Response response = http.newCall(request).execute()) {
      String body = Bodies.read(response.body(), MAX_BODY);
      MediaType type = response.body() == null ? null : response.body().contentType();
      if (!response.isSuccessful()) {
        throw error(request, response, type, body);
      }
      if (response.code() == 204 || body.isBlank()) {
        return null;
      }
      try {
        return adapter.fromJson(body);
      } catch (JsonDataException | JsonEncodingException e) {
        throw new AmoCrmException("amoCRM answered GET " + url.encodedPath()
            + " with JSON this client cannot read: " + e.getMessage(), e);
      }
    } catch (IOException e) {
      throw new AmoCrmException("GET " + url.encodedPath() + " failed: " + e, e);
    }
  }

  private static AmoCrmHttpException error(Request request, Response response,
      @Nullable MediaType type, String body) {
    Problem p = Problem.parse(body);
    String requestId = response.header("X-Request-Id");
    String where = request.method() + " " + request.url().encodedPath();
    if (response.code() == 403 && !p.json()) {
      return new AccountBlockedException("amoCRM answered 403 to " + where
          + ": the account is blocked or this IP is not allowed; retrying makes a ban longer,"
          + " only amoCRM support can lift it", p.title(), p.detail(), requestId);
    }
    String why = p.title() != null ? p.title()
        : body.isBlank() ? "an empty body"
        : Bodies.looksLikeHtml(type, body) ? "an HTML page" : "an unreadable body";
    return new AmoCrmHttpException("amoCRM answered " + response.code() + " to " + where + ": "
        + why + (p.detail() != null ? " (" + p.detail() + ")" : "")
        + (requestId != null ? " [request " + requestId + "]" : ""),
        response.code(), p.title(), p.detail(), requestId, null);
  }
}
