package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class NextLinksTest {

  @Test
  void aLinkOnTheAccountHostIsMovedOntoTheBaseUrl() {
    HttpUrl base = HttpUrl.get("http://127.0.0.1:8080/");
    assertThat(NextLinks.rebase(base, base,
        "https://example.amocrm.ru/api/v4/leads?page=2&limit=250&filter%5Bid%5D=5"))
        .hasToString("http://127.0.0.1:8080/api/v4/leads?page=2&limit=250&filter%5Bid%5D=5");
  }

  @Test
  void aProxyPathPrefixIsKept() {
    HttpUrl base = HttpUrl.get("https://proxy.internal/amo/");
    assertThat(NextLinks.rebase(base, base, "https://example.amocrm.ru/api/v4/contacts?page=3"))
        .hasToString("https://proxy.internal/amo/api/v4/contacts?page=3");
  }

  @Test
  void aLinkOnTheBaseAlreadyIsUsedAsIs() {
    HttpUrl base = HttpUrl.get("https://proxy.internal/amo/");
    assertThat(NextLinks.rebase(base, base, "https://proxy.internal/amo/api/v4/contacts?page=3"))
        .hasToString("https://proxy.internal/amo/api/v4/contacts?page=3");
  }

  @Test
  void aRelativeLinkResolvesAgainstTheBase() {
    HttpUrl base = HttpUrl.get("http://127.0.0.1:8080/");
    assertThat(NextLinks.rebase(base, base, "/api/v4/leads?page=2"))
        .hasToString("http://127.0.0.1:8080/api/v4/leads?page=2");
  }

  @Test
  void aForeignHostNeverGetsTheRequest() {
    HttpUrl base = HttpUrl.get("https://example.amocrm.ru/");
    HttpUrl next = NextLinks.rebase(base, base, "https://evil.example/api/v4/leads?page=2");
    assertThat(next.host()).isEqualTo("example.amocrm.ru");
  }

  /** "?page=2" is relative to the page it came from, not to the base: it keeps api/v4/leads. */
  @Test
  void aRelativeLinkResolvesAgainstThePageItCameFrom() {
    HttpUrl base = HttpUrl.get("https://proxy.internal/amo/");
    HttpUrl current = HttpUrl.get("https://proxy.internal/amo/api/v4/leads?limit=250");
    assertThat(NextLinks.rebase(base, current, "?limit=250&page=2"))
        .hasToString("https://proxy.internal/amo/api/v4/leads?limit=250&page=2");
    assertThat(NextLinks.rebase(base, current, "/api/v4/leads?page=2"))
        .hasToString("https://proxy.internal/amo/api/v4/leads?page=2");
  }

  @Test
  void theLoopKeyIgnoresQueryOrderEncodingAndFragment() {
    HttpUrl a = HttpUrl.get("http://127.0.0.1:8080/api/v4/leads?page=2&limit=250&filter[id]=5");
    assertThat(NextLinks.key(a))
        .isEqualTo(NextLinks.key(HttpUrl.get(
            "http://127.0.0.1:8080/api/v4/leads?limit=250&filter%5Bid%5D=5&page=2#top")))
        .isEqualTo(NextLinks.key(HttpUrl.get(
            "HTTP://127.0.0.1:8080/api/v4/leads?filter[id]=%35&page=2&limit=250")));
  }

  @Test
  void theLoopKeyKeepsWhatMakesAnotherPage() {
    String ids = "filter[id][]=1&filter[id][]=2";
    assertThat(key("http://h/api/v4/leads?page=2&" + ids))
        .isNotEqualTo(key("http://h/api/v4/leads?page=3&" + ids))
        .isNotEqualTo(key("http://h/api/v4/contacts?page=2&" + ids))
        .isNotEqualTo(key("http://h/api/v4/leads?page=2&filter[id][]=1"))
        .isNotEqualTo(key("http://h/api/v4/leads?page=2&filter[id][]=2&filter[id][]=1"))
        .isNotEqualTo(key("http://h:81/api/v4/leads?page=2&" + ids));
  }

  private static String key(String url) {
    return NextLinks.key(HttpUrl.get(url));
  }
}
