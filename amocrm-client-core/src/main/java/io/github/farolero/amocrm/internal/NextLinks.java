package io.github.farolero.amocrm.internal;

import java.util.Comparator;
import java.util.stream.IntStream;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Moves amoCRM's {@code _links.next.href} onto the client's base URL. amoCRM writes absolute URLs
 * on the account's host; a client configured with another base (a proxy, a test server) must keep
 * paging through that base, and must never send its token to a host it was not configured for.
 */
final class NextLinks {
  private NextLinks() {}

  /**
   * Returns the next page's URL on the base URL: the link's path from {@code api/v4/} on (or its
   * whole path) and its query, under the base's path; the link itself if it is on the base's
   * origin already. A relative link resolves against the page it came from, as any relative
   * reference does ({@code ?page=2} keeps that page's path). Null if the link is not a URL.
   *
   * @param base the client's base URL
   * @param current the URL of the page whose link this is
   * @param href the link
   */
  static @Nullable HttpUrl rebase(HttpUrl base, HttpUrl current, String href) {
    HttpUrl link = HttpUrl.parse(href);
    if (link == null) {
      link = current.resolve(href);
    }
    if (link == null) {
      return null;
    }
    if (link.scheme().equals(base.scheme()) && link.host().equals(base.host())
        && link.port() == base.port() && link.encodedPath().startsWith(base.encodedPath())) {
      return link;
    }
    String path = link.encodedPath();
    int api = path.indexOf("/api/v4/");
    String tail = api >= 0 ? path.substring(api + 1) : path.substring(1);
    String basePath = base.encodedPath().endsWith("/") ? base.encodedPath()
        : base.encodedPath() + "/";
    return base.newBuilder()
        .encodedPath(basePath + tail)
        .encodedQuery(link.encodedQuery())
        .fragment(null)
        .build();
  }

  /**
   * Returns the URL as a stream compares it to the URLs it already requested: without a fragment,
   * its query parameters in name order (values of one name keep their order) and encoded one way,
   * so {@code ?page=1&limit=250} and {@code ?limit=250&page=1} are the same page. A string, not
   * an {@code HttpUrl}, so that remembering every page of a long listing stays small.
   *
   * @param url a URL on the base URL, as {@link #rebase} returns it
   */
  static String key(HttpUrl url) {
    HttpUrl.Builder b = url.newBuilder().query(null).fragment(null);
    IntStream.range(0, url.querySize()).boxed()
        .sorted(Comparator.comparing(url::queryParameterName))
        .forEach(i -> b.addQueryParameter(url.queryParameterName(i), url.queryParameterValue(i)));
    return b.build().toString();
  }
}
