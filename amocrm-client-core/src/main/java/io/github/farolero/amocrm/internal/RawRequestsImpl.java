package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import io.github.farolero.amocrm.api.Listing;
import io.github.farolero.amocrm.api.RawJson;
import io.github.farolero.amocrm.api.RawRequests;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * {@link RawRequests} on the transport: the path checked to stay under {@code /api/v4/}, then
 * the same execution as the typed services. Thread-safe.
 */
final class RawRequestsImpl implements RawRequests {

  private static final String API = "api/v4/";

  /** Reads one list item as the text amoCRM sent, straight from the page's reader. */
  private static final JsonAdapter<RawJson> ITEM = new JsonAdapter<>() {
    @Override
    public RawJson fromJson(JsonReader r) throws IOException {
      try (okio.BufferedSource value = r.nextSource()) {
        return RawJson.parse(value.readUtf8());
      }
    }

    @Override
    public void toJson(JsonWriter w, @Nullable RawJson v) {
      throw new UnsupportedOperationException("read only");
    }
  };

  private final ApiTransport transport;

  RawRequestsImpl(ApiTransport transport) {
    this.transport = transport;
  }

  @Override
  public RawJson get(String path) {
    return execute("GET", url(path), null);
  }

  @Override
  public RawJson get(String path, Map<String, ?> query) {
    Objects.requireNonNull(query, "query == null");
    HttpUrl.Builder b = url(path).newBuilder();
    for (Map.Entry<String, ?> e : query.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("query has a null or empty name");
      }
      Object value = e.getValue();
      if (value instanceof Iterable<?> values) {
        for (Object v : values) {
          b.addQueryParameter(name, text(name, v));
        }
      } else {
        b.addQueryParameter(name, text(name, value));
      }
    }
    return execute("GET", b.build(), null);
  }

  @Override
  public RawJson post(String path, RawJson body) {
    return execute("POST", url(path), body(body));
  }

  @Override
  public RawJson patch(String path, RawJson body) {
    return execute("PATCH", url(path), body(body));
  }

  @Override
  public RawJson delete(String path) {
    return execute("DELETE", url(path), null);
  }

  @Override
  public RawJson delete(String path, RawJson body) {
    return execute("DELETE", url(path), body(body));
  }

  @Override
  public Listing<RawJson> listing(String path, String embeddedKey) {
    Objects.requireNonNull(embeddedKey, "embeddedKey == null");
    if (embeddedKey.isBlank()) {
      throw new IllegalArgumentException("embeddedKey is blank");
    }
    String p = relative(path);
    url(p); // checks it once, as every request would
    return new PagedListing<>(transport, p, embeddedKey, ITEM, null);
  }

  private RawJson execute(String method, HttpUrl url, @Nullable String json) {
    RawJson answer = transport.execute(method, url, json, RawJson::parse);
    return answer == null ? RawJson.empty() : answer;
  }

  private static String body(RawJson body) {
    Objects.requireNonNull(body, "body == null");
    if (body.isEmpty()) {
      throw new IllegalArgumentException("body is empty; send RawJson.of(...) or parse(...)");
    }
    return body.text();
  }

  private static String text(String name, @Nullable Object value) {
    if (value == null) {
      throw new IllegalArgumentException("query parameter " + name + " has a null value");
    }
    return String.valueOf(value);
  }

  /** The URL of a checked path; see {@link #relative}. */
  private HttpUrl url(String path) {
    HttpUrl url = transport.url(relative(path));
    // Belt and braces: whatever OkHttp made of the segments, the URL must still be under the API.
    HttpUrl base = transport.baseUrl();
    String prefix = (base.encodedPath().endsWith("/") ? base.encodedPath()
        : base.encodedPath() + "/") + API;
    if (!BearerInterceptor.sameOrigin(url, base) || !url.encodedPath().startsWith(prefix)) {
      throw new IllegalArgumentException("path leaves /api/v4/");
    }
    return url;
  }

  /**
   * Checks a caller's path and returns it relative to {@code /api/v4/}.
   *
   * @throws IllegalArgumentException if it is not a plain relative path
   */
  static String relative(String path) {
    Objects.requireNonNull(path, "path == null");
    String p = path;
    if (p.contains("://") || p.startsWith("//") || p.regionMatches(true, 0, "http:", 0, 5)
        || p.regionMatches(true, 0, "https:", 0, 6)) {
      throw new IllegalArgumentException("path must be relative to the account's /api/v4/, not"
          + " a URL: requests go only to the account's own host");
    }
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new IllegalArgumentException("path has whitespace or a control character");
      }
      if (c == '\\') {
        throw new IllegalArgumentException("path has a backslash");
      }
      if (c == '?' || c == '#') {
        throw new IllegalArgumentException("path has a query or fragment; put the query in the"
            + " query map");
      }
    }
    if (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.startsWith(API)) {
      p = p.substring(API.length());
    }
    if (p.isEmpty()) {
      throw new IllegalArgumentException("path is empty");
    }
    for (String segment : p.split("/", -1)) {
      String decoded = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
      if (decoded.equals(".") || decoded.equals("..")) {
        throw new IllegalArgumentException("path has a . or .. segment: it must stay under"
            + " /api/v4/");
      }
      if (segment.isEmpty() && p.indexOf("//") >= 0) {
        throw new IllegalArgumentException("path has an empty segment");
      }
    }
    return p;
  }
}
