package io.github.farolero.amocrm.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.webhook.WebhookFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Broken bodies: one typed error naming the key, never a partial webhook; and the limits. */
class WebhookMalformedTest {

  private static final String GOOD = "leads%5Bstatus%5D%5B0%5D%5Bid%5D=1&account%5Bid%5D=2&";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "leads[add][0][name]=%zz                      | leads[add][0][name] | percent-encoding in its value",
      "leads[add][0][name]=abc%4                    | leads[add][0][name] | percent-encoding in its value",
      "leads[add][0][name]=abc%                     | leads[add][0][name] | percent-encoding in its value",
      "leads%5Badd%5D%5B0%ZZname%5D=1               | leads%5Badd%5D%5B0%ZZname%5D | percent-encoding in its key",
      "leads[add][0][name]=%C3%28                   | leads[add][0][name] | not valid UTF-8",
      "leads[add[0][id]=1                           | leads[add[0][id] | '[' inside brackets",
      "leads[add][0][id=1                           | leads[add][0][id | without its ']'",
      "leads]add[=1                                 | leads]add[ | ']' without a '['",
      "leads[add]x[0]=1                             | leads[add]x[0] | text after a ']'",
      "[add][0][id]=1                               | [add][0][id] | no name",
      "=1                                           | '' | no name",
      "leads[add][0][id]=1&leads[add][0][id][x]=2   | leads[add][0][id][x] | is a group, but",
      "leads[add][0][id][x]=2&leads[add][0][id]=1   | leads[add][0][id] | is a value, but",
      "leads[add][0]=2&leads[add][0][id]=1          | leads[add][0][id] | is a group, but",
  })
  void malformedBodiesAreOneTypedErrorNamingTheKey(String bad, String key, String what) {
    String expectedKey = key.equals("''") ? "" : key;
    // a good prefix first: its events must not come back as a partial result
    WebhookFormatException e = catchThrowableOfType(WebhookFormatException.class,
        () -> Webhook.parse(GOOD + bad));
    assertThat(e).isNotNull().isInstanceOf(AmoCrmException.class);
    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.key()).isEqualTo(expectedKey);
    assertThat(e.getMessage()).contains("'" + expectedKey + "'").contains(what);
  }

  @Test
  void aMessageNamesTheKeyButNeverAValue() {
    WebhookFormatException e = catchThrowableOfType(WebhookFormatException.class,
        () -> Webhook.parse("leads[add][0][secret]=s3cr3t-value&leads[add][0][secret][x]=%zz"));
    assertThat(e.getMessage()).doesNotContain("s3cr3t");
  }

  @Test
  void aHostileKeyIsCutAndControlCharactersHiddenInTheMessage() {
    String longKey = "k".repeat(5000);
    WebhookFormatException e = catchThrowableOfType(WebhookFormatException.class,
        () -> Webhook.parse(longKey + "%0Aforged[=1"));
    assertThat(e.key()).hasSizeLessThanOrEqualTo(101);
    assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(400);
  }

  @Test
  void tooManyKeys() {
    WebhookHandler h = WebhookHandler.builder().maxKeys(3).build();
    byte[] ok = "a=1&b=2&c=3".getBytes(StandardCharsets.US_ASCII);
    assertThat(h.handle("application/x-www-form-urlencoded", ok).raw()).hasSize(3);
    WebhookFormatException e = catchThrowableOfType(WebhookFormatException.class,
        () -> h.handle("application/x-www-form-urlencoded", "a=1&b=2&c=3&d=4".getBytes(
            StandardCharsets.US_ASCII)));
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
    assertThat(e.httpStatus()).isEqualTo(413);
  }

  @Test
  void tooDeep() {
    WebhookHandler h = WebhookHandler.builder().maxDepth(3).build();
    assertThat(h.handle("application/x-www-form-urlencoded",
        "a[b][c]=1".getBytes(StandardCharsets.US_ASCII)).raw()).containsKey("a");
    WebhookFormatException e = catchThrowableOfType(WebhookFormatException.class,
        () -> h.handle("application/x-www-form-urlencoded",
            "a[b][c][d]=1".getBytes(StandardCharsets.US_ASCII)));
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
    assertThat(e.key()).isEqualTo("a[b][c][d]");
  }

  @Test
  void defaultDepthRefusesAHostileNesting() {
    WebhookFormatException e = catchThrowableOfType(WebhookFormatException.class,
        () -> Webhook.parse("a" + "[x]".repeat(10_000) + "=1"));
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void tooLargeAsBytes() {
    WebhookHandler h = WebhookHandler.builder().maxBodyBytes(10).build();
    assertThat(h.handle("application/x-www-form-urlencoded", new byte[10]).raw()).isNotNull();
    assertThatThrownBy(() -> h.handle("application/x-www-form-urlencoded", new byte[11]))
        .isInstanceOfSatisfying(WebhookFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
  }

  @Test
  void aStreamIsReadNoFurtherThanTheLimitAllows() {
    WebhookHandler h = WebhookHandler.builder().maxBodyBytes(100_000).build();
    AtomicLong served = new AtomicLong();
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        served.incrementAndGet();
        return 'a';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 'a');
        served.addAndGet(len);
        return len;
      }
    };
    assertThatThrownBy(() -> h.handle("application/x-www-form-urlencoded", endless))
        .isInstanceOfSatisfying(WebhookFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    assertThat(served.get()).isEqualTo(100_001);
  }

  @Test
  void aStreamWithinTheLimitIsRead() throws Exception {
    byte[] body = ("leads[add][0][id]=1&" + "x=" + "y".repeat(50_000))
        .getBytes(StandardCharsets.US_ASCII);
    Webhook hook = WebhookHandler.create().handle("application/x-www-form-urlencoded",
        new ByteArrayInputStream(body));
    assertThat(hook.events().get(0).id()).isEqualTo(1L);
    assertThat((String) hook.raw().get("x")).hasSize(50_000);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "application/json", "text/plain", "multipart/form-data; boundary=x", "''",
      "application/x-www-form-urlencodedx"})
  void aNonFormContentTypeIsRefused(String type) {
    String contentType = type.equals("''") ? "" : type;
    WebhookFormatException e = catchThrowableOfType(WebhookFormatException.class,
        () -> WebhookHandler.create().handle(contentType, "a=1".getBytes(StandardCharsets.UTF_8)));
    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_CONTENT_TYPE);
    assertThat(e.httpStatus()).isEqualTo(415);
    assertThat(e.getMessage()).contains("application/x-www-form-urlencoded");
  }

  @Test
  void aMissingContentTypeIsRefused() {
    assertThatThrownBy(() -> WebhookHandler.create().handle(null, new byte[0]))
        .isInstanceOfSatisfying(WebhookFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_CONTENT_TYPE));
  }

  @Test
  void charsetParameterIsHonouredAndAnUnknownOneRefused() {
    byte[] cp1251 = ("leads[add][0][name]=" + "%CF%F0%E8%E2%E5%F2").getBytes(
        StandardCharsets.US_ASCII);
    Webhook hook = WebhookHandler.create().handle(
        "Application/X-WWW-Form-Urlencoded; charset=\"windows-1251\"", cp1251);
    assertThat(hook.events().get(0).name()).isEqualTo("Привет");
    assertThat(Charset.isSupported("windows-1251")).isTrue();
    assertThatThrownBy(() -> WebhookHandler.create().handle(
        "application/x-www-form-urlencoded; charset=nope-42", cp1251))
        .isInstanceOfSatisfying(WebhookFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_CONTENT_TYPE));
  }

  @Test
  void builderRefusesBadLimits() {
    assertThatThrownBy(() -> WebhookHandler.builder().maxBodyBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookHandler.builder().maxKeys(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookHandler.builder().maxDepth(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
