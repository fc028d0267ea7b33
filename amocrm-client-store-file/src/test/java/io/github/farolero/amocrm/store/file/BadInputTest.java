package io.github.farolero.amocrm.store.file;

import static io.github.farolero.amocrm.store.file.Records.CANARY;
import static io.github.farolero.amocrm.store.file.Records.KEY;
import static io.github.farolero.amocrm.store.file.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenDecryptionException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Must-show, first half: bad file contents (truncated, empty, binary, huge, wrong-typed JSON and
 * more) give clear errors that never show a token, and nothing valid is overwritten. The
 * directory failures (unreadable, read-only, full) are in {@link DirectoryFailureTest}.
 */
class BadInputTest {

  @TempDir Path tmp;

  static Stream<Arguments> badContents() {
    String valid = record(2).toJson();
    byte[] binary = new byte[4096];
    new Random(42).nextBytes(binary);
    binary[0] = (byte) 0xff;
    String huge = valid.replace(CANARY + "-access-", CANARY + "-access-" + "a".repeat(1_100_000));
    return Stream.of(
        Arguments.of("truncated", cut(valid, valid.length() / 2), "not valid JSON"),
        Arguments.of("truncated at the last brace", cut(valid, valid.length() - 1),
            "not valid JSON"),
        Arguments.of("empty", new byte[0], "empty"),
        Arguments.of("whitespace", "  \n\t".getBytes(StandardCharsets.UTF_8), "not valid JSON"),
        Arguments.of("binary", binary, "not UTF-8"),
        Arguments.of("NUL bytes", new byte[512], "not valid JSON"),
        Arguments.of("huge (over 1 MiB)", huge.getBytes(StandardCharsets.UTF_8), "limit"),
        Arguments.of("huge padding", (" ".repeat(1_200_000) + valid)
            .getBytes(StandardCharsets.UTF_8), "limit"),
        Arguments.of("wrong-typed token", utf8("{\"format\":1,\"domain\":\"example.amocrm.ru\","
            + "\"access_token\":12345,\"refresh_token\":\"CANARY-r\",\"expires_at\":"
            + "\"2026-03-02T10:15:30Z\",\"issued_at\":\"2026-03-01T10:15:30Z\",\"version\":2}"),
            "wrong type"),
        Arguments.of("wrong-typed version", utf8(valid.replace("\"version\": 2",
            "\"version\": \"seven\"")), "wrong type"),
        Arguments.of("wrong-typed format", utf8(valid.replace("\"format\": 1",
            "\"format\": \"one\"")), "wrong type"),
        Arguments.of("a time that is not one", utf8(valid.replaceFirst(
            "\"expires_at\": \"[^\"]*\"", "\"expires_at\": \"CANARY-tomorrow\"")), "expires_at"),
        Arguments.of("an account domain that is a token", utf8(valid.replace(
            "\"account_domain\": \"example.amocrm.ru\"", "\"account_domain\": \"CANARY token\"")),
            "invalid"),
        Arguments.of("a JSON array", utf8("[\"CANARY-a\", \"CANARY-r\"]"), "not an object"),
        Arguments.of("a JSON string", utf8("\"CANARY-access\""), "not an object"),
        Arguments.of("a JSON number", utf8("42"), "not an object"),
        Arguments.of("JSON null", utf8("null"), "not an object"),
        Arguments.of("deeply nested", utf8("[".repeat(50_000) + "]".repeat(50_000)),
            "not valid JSON"),
        Arguments.of("trailing garbage", utf8(valid + "CANARY-garbage"), "not valid JSON"),
        Arguments.of("an unknown format", utf8("{\"token\":\"CANARY-x\"}"), "no token file"),
        Arguments.of("another grant's record",
            utf8(record(GrantKey.of("other.amocrm.ru"), 2).toJson()), "other.amocrm.ru"),
        Arguments.of("a legacy file with wrong types", utf8("{\"access_token\":[\"CANARY-a\"],"
            + "\"created_at\":\"soon\"}"), "wrong type"),
        Arguments.of("a legacy file without times", utf8("{\"accessToken\":\"CANARY-a\","
            + "\"refreshToken\":\"CANARY-r\"}"), "not a JWT"),
        Arguments.of("a sealed file that is not", utf8("{\"format\":1,\"domain\":"
            + "\"example.amocrm.ru\",\"version\":2,\"sealed\":42}"), "encrypted"));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] cut(String s, int length) {
    return Arrays.copyOf(utf8(s), length);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badContents")
  void withABackupTheNewestValidGenerationServesAndTheBadFileIsKept(String what, byte[] bad,
      String reason) throws IOException {
    Path dir = tmp.resolve("tokens");
    FileTokenStore store = FileTokenStore.of(dir);
    store.write(record(1));
    store.write(record(2));
    Files.write(store.fileOf(KEY), bad);

    if (what.equals("a sealed file that is not")) {
      // Sealed, but no key is configured: a clear error, and the file is left as it is.
      assertThatThrownBy(() -> store.load(KEY))
          .isExactlyInstanceOf(TokenDecryptionException.class)
          .hasMessageContaining(reason);
      assertThat(Files.readAllBytes(store.fileOf(KEY))).isEqualTo(bad);
      return;
    }
    assertThat(store.load(KEY)).as(what).contains(record(1));
    Path aside;
    try (Stream<Path> files = Files.list(dir)) {
      aside = files.filter(p -> p.getFileName().toString().contains("~corrupt-")).findFirst()
          .orElseThrow();
    }
    assertThat(Files.readAllBytes(aside)).as("kept, byte for byte").isEqualTo(bad);
    assertThat(TokenRecord.fromJson(Files.readString(store.fileOf(KEY)))).isEqualTo(record(1));
    assertThat(TokenRecord.fromJson(Files.readString(dir.resolve(
        "example.amocrm.ru.json~bak-1")))).isEqualTo(record(1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badContents")
  void withoutABackupTheErrorIsClearAndNothingIsOverwritten(String what, byte[] bad,
      String reason) throws IOException {
    Path dir = tmp.resolve("tokens");
    FileTokenStore store = FileTokenStore.of(dir);
    Records.ownerOnlyDirectory(dir);
    Files.write(store.fileOf(KEY), bad);
    assertThatThrownBy(() -> store.load(KEY))
        .as(what)
        // A sealed file without the key is a decryption failure; the rest are corrupt files.
        .isExactlyInstanceOf(what.equals("a sealed file that is not")
            ? TokenDecryptionException.class : TokenStoreException.class)
        .hasMessageContaining(store.fileOf(KEY).toString())
        .hasMessageContaining(reason)
        .hasMessageNotContaining("aaaaaaaa")
        .satisfies(e -> assertThat(e.getMessage().toLowerCase(java.util.Locale.ROOT))
            .doesNotContain(CANARY.toLowerCase(java.util.Locale.ROOT)));
    assertThat(Files.readAllBytes(store.fileOf(KEY))).isEqualTo(bad);
    assertThat(store.keys()).containsExactly(KEY);
    if (what.equals("a sealed file that is not")) {
      return; // refused as encrypted without a key: see EncryptionAndLegacyTest
    }
    // A new record (a re-authorization) moves the bad file aside, keeping it byte for byte.
    store.write(record(1));
    assertThat(store.load(KEY)).contains(record(1));
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> aside = files.filter(p -> p.getFileName().toString().contains("~corrupt-"))
          .toList();
      assertThat(aside).hasSize(1);
      assertThat(Files.readAllBytes(aside.get(0))).isEqualTo(bad);
    }
  }

  /** A torn write at every possible length reads as the older generation, never as garbage. */
  @Test
  void aFileCutAtAnyLengthReadsAsTheOlderGeneration() throws IOException {
    Path dir = tmp.resolve("tokens");
    FileTokenStore store = FileTokenStore.builder().directory(dir).backups(1).build();
    store.write(record(1));
    store.write(record(2));
    byte[] whole = Files.readAllBytes(store.fileOf(KEY));
    int served1 = 0;
    int served2 = 0;
    for (int length = 0; length < whole.length; length++) {
      Files.write(store.fileOf(KEY), Arrays.copyOf(whole, length));
      TokenRecord r = store.load(KEY).orElseThrow();
      if (r.equals(record(1))) {
        served1++;
        // Undo the recovery for the next length: generation 1 back as the backup.
        Files.write(store.fileOf(KEY), whole);
      } else {
        assertThat(r).as("cut at %d of %d", length, whole.length).isEqualTo(record(2));
        served2++;
      }
    }
    // Only the cut of the final newline leaves a whole record.
    assertThat(served2).isEqualTo(1);
    assertThat(served1).isEqualTo(whole.length - 1);
  }
}
