package io.github.farolero.amocrm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundle format in process: round trips, and every change to it is caught. */
class BundleTest {

  static final List<TokenRecord> RECORDS = MigrateIT.threeGrants();

  private static Context ctx(Map<String, String> env) {
    return new Context(env, new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
  }

  @Test
  void roundTripsUnderAKeyAndAPassphrase() {
    Context c = ctx(Map.of("K", TokenCipher.generateBase64Key(), "P", "a passphrase"));
    for (BundleKey key : List.of(BundleKey.key(c, "K"), BundleKey.passphrase(c, "P"))) {
      byte[] bytes = Bundle.seal(RECORDS, "file:/x", Instant.now(), key);
      String text = new String(bytes, StandardCharsets.UTF_8);
      for (TokenRecord r : RECORDS) {
        assertThat(text).doesNotContain(r.accessToken()).contains(r.accessTokenFingerprint());
      }
      Bundle.Parsed p = Bundle.parse(bytes, "b");
      assertThat(p.grants()).extracting(Bundle.Entry::key)
          .containsExactlyElementsOf(RECORDS.stream().map(TokenRecord::key).toList());
      assertThat(Bundle.open(p, key, "b")).isEqualTo(RECORDS);
    }
  }

  @Test
  void eachNonceIsFresh() {
    Context c = ctx(Map.of("K", TokenCipher.generateBase64Key()));
    BundleKey key = BundleKey.key(c, "K");
    String a = new String(Bundle.seal(RECORDS, "s", Instant.EPOCH, key), StandardCharsets.UTF_8);
    String b = new String(Bundle.seal(RECORDS, "s", Instant.EPOCH, key), StandardCharsets.UTF_8);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void aChangedManifestOrParameterFailsToOpen() {
    Context c = ctx(Map.of("K", TokenCipher.generateBase64Key()));
    BundleKey key = BundleKey.key(c, "K");
    String good = new String(Bundle.seal(RECORDS, "file:/x", Instant.EPOCH, key),
        StandardCharsets.UTF_8);
    for (String changed : List.of(
        good.replace("\"source\": \"file:/x\"", "\"source\": \"file:/y\""),
        good.replace("\"createdAt\": \"1970-01-01T00:00:00Z\"",
            "\"createdAt\": \"1970-01-01T00:00:01Z\""),
        good.replaceFirst("\"longLived\": false", "\"longLived\": true"))) {
      assertThat(changed).isNotEqualTo(good);
      Bundle.Parsed p = Bundle.parse(changed.getBytes(StandardCharsets.UTF_8), "b");
      assertThatThrownBy(() -> Bundle.open(p, key, "b")).isInstanceOf(CliException.class)
          .hasMessageContaining("changed");
    }
  }

  @Test
  void theCanonicalFormIgnoresLayoutAndNumberSpelling() {
    Object a = Json.parse("{\"b\": 1, \"a\": [1.0, {\"y\": 2, \"x\": null}]}");
    Object b = Json.parse("{\"a\":[1,{\"x\":null,\"y\":2.0}],\"b\":1.0}");
    assertThat(Json.canonical(a)).isEqualTo(Json.canonical(b))
        .isEqualTo("{\"a\":[1,{\"x\":null,\"y\":2}],\"b\":1}");
  }
}
