package io.github.farolero.amocrm.store.file;

import static io.github.farolero.amocrm.store.file.Records.CANARY;
import static io.github.farolero.amocrm.store.file.Records.KEY;
import static io.github.farolero.amocrm.store.file.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenDecryptionException;
import io.github.farolero.amocrm.store.TokenRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encryption at rest, and other apps' token files. */
class EncryptionAndLegacyTest {

  @TempDir Path tmp;
  Path dir;
  TokenCipher keyA;
  TokenCipher keyB;

  @BeforeEach
  void setUp() {
    dir = tmp.resolve("tokens");
    keyA = TokenCipher.fromBase64Key(TokenCipher.generateBase64Key());
    keyB = TokenCipher.fromBase64Key(TokenCipher.generateBase64Key());
  }

  private FileTokenStore store(TokenCipher cipher) {
    FileTokenStore.Builder b = FileTokenStore.builder().directory(dir);
    return cipher == null ? b.build() : b.cipher(cipher).build();
  }

  /** A store whose grant file holds the given text, as another app left it. */
  private FileTokenStore storeWithFile(TokenCipher cipher, String contents) throws Exception {
    FileTokenStore store = store(cipher);
    Records.ownerOnlyDirectory(dir);
    Files.writeString(store.fileOf(KEY), contents);
    return store;
  }

  // --- Encryption ----------------------------------------------------------------------------

  @Test
  void anEncryptedFileHoldsNoTokenAndReadsBack() throws Exception {
    FileTokenStore store = store(keyA);
    store.write(record(1));
    store.write(record(2));
    String raw = Files.readString(store.fileOf(KEY));
    assertThat(raw).doesNotContain(CANARY).doesNotContain("access_token")
        .contains("\"sealed\": \"v1:").contains("\"key\": \"" + keyA.keyFingerprint() + "\"")
        .contains("\"version\": 2").contains("\"domain\": \"example.amocrm.ru\"");
    assertThat(Files.readString(dir.resolve("example.amocrm.ru.json~bak-1")))
        .doesNotContain(CANARY);
    assertThat(store.load(KEY)).contains(record(2));
    assertThat(store.toString()).contains(keyA.keyFingerprint());
  }

  @Test
  void aWrongKeyIsAClearErrorAndTheFileIsLeftAsItIs() throws Exception {
    store(keyA).write(record(1));
    Path file = store(keyA).fileOf(KEY);
    byte[] before = Files.readAllBytes(file);
    FileTokenStore wrong = store(keyB);
    assertThatThrownBy(() -> wrong.load(KEY))
        .isExactlyInstanceOf(TokenDecryptionException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("wrong key")
        .hasMessageContaining(keyB.keyFingerprint())
        .hasMessageContaining("left as it is")
        .hasMessageNotContaining(CANARY);
    assertThatThrownBy(() -> wrong.write(record(2)))
        .isExactlyInstanceOf(TokenDecryptionException.class);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("corrupt"));
    }
    // With the key lost, delete works (it needs no key), and the grant starts over.
    assertThat(wrong.delete(KEY)).isTrue();
    wrong.write(record(1));
    assertThat(wrong.load(KEY)).contains(record(1));
  }

  @Test
  void aTamperedFileIsAClearErrorAndIsLeftAsItIs() throws Exception {
    FileTokenStore store = store(keyA);
    store.write(record(3));
    Path file = store.fileOf(KEY);
    String raw = Files.readString(file);

    // A flipped character inside the sealed data.
    int at = raw.indexOf("v1:") + 20;
    String flipped = raw.substring(0, at) + (raw.charAt(at) == 'A' ? 'B' : 'A')
        + raw.substring(at + 1);
    Files.writeString(file, flipped);
    assertThatThrownBy(() -> store.load(KEY)).isExactlyInstanceOf(TokenDecryptionException.class)
        .hasMessageContaining("the data was changed");
    assertThat(Files.readString(file)).isEqualTo(flipped);

    // The version outside the seal raised, to win a compare-and-set.
    String bumped = raw.replace("\"version\": 3", "\"version\": 99");
    Files.writeString(file, bumped);
    assertThatThrownBy(() -> store.load(KEY)).isExactlyInstanceOf(TokenDecryptionException.class)
        .hasMessageContaining("changed");
    assertThatThrownBy(() -> store.write(record(4)))
        .isExactlyInstanceOf(TokenDecryptionException.class);
    assertThat(Files.readString(file)).isEqualTo(bumped);
  }

  @Test
  void aSealedFileCopiedOntoAnotherGrantDoesNotDecrypt() throws Exception {
    FileTokenStore store = store(keyA);
    store.write(record(1));
    GrantKey other = GrantKey.of("other.amocrm.ru");
    Files.copy(store.fileOf(KEY), store.fileOf(other));
    assertThatThrownBy(() -> store.load(other)).isExactlyInstanceOf(TokenDecryptionException.class);
  }

  @Test
  void anEncryptedFileWithoutAKeyIsAClearError() throws Exception {
    store(keyA).write(record(1));
    assertThatThrownBy(() -> store(null).load(KEY))
        .isExactlyInstanceOf(TokenDecryptionException.class)
        .hasMessageContaining("encrypted")
        .hasMessageContaining(keyA.keyFingerprint())
        .hasMessageContaining("AMOCRM_TOKENS_KEY");
    assertThatThrownBy(() -> store(null).write(record(2)))
        .isExactlyInstanceOf(TokenDecryptionException.class);
  }

  @Test
  void turningEncryptionOnNeedsNoMigrationStep() throws Exception {
    store(null).write(record(1));
    FileTokenStore sealed = store(keyA);
    assertThat(sealed.load(KEY)).contains(record(1));
    sealed.write(record(2));
    assertThat(Files.readString(sealed.fileOf(KEY))).doesNotContain(CANARY).contains("sealed");
    assertThat(sealed.load(KEY)).contains(record(2));
  }

  @Test
  void theKeyMayComeFromTheEnvironment() throws Exception {
    String base64 = TokenCipher.generateBase64Key();
    FileTokenStore fromEnv = FileTokenStore.builder().directory(dir)
        .keyFromEnvironment(Map.of("AMOCRM_TOKENS_KEY", base64)).build();
    fromEnv.write(record(1));
    assertThat(Files.readString(fromEnv.fileOf(KEY))).contains("sealed");
    FileTokenStore sameKey = FileTokenStore.builder().directory(dir)
        .cipher(TokenCipher.fromBase64Key(base64)).build();
    assertThat(sameKey.load(KEY)).contains(record(1));
    // Unset: no encryption. Malformed: an error naming the variable, not the value.
    assertThat(FileTokenStore.builder().directory(dir).keyFromEnvironment(Map.of()).build()
        .toString()).doesNotContain("encrypted");
    assertThatThrownBy(() -> FileTokenStore.builder()
        .keyFromEnvironment(Map.of("AMOCRM_TOKENS_KEY", "not-a-key-CANARY")))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AMOCRM_TOKENS_KEY")
        .hasMessageNotContaining(CANARY);
  }

  /** A key variable that is set but blank is a key that failed to arrive, not "no encryption". */
  @Test
  void aBlankKeyInTheEnvironmentIsAnErrorNotNoEncryption() {
    for (String blank : List.of("", "   ", "\t\n")) {
      assertThatThrownBy(() -> FileTokenStore.builder().directory(dir)
          .keyFromEnvironment(Map.of("AMOCRM_TOKENS_KEY", blank)))
          .as("%s", blank.length())
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("AMOCRM_TOKENS_KEY")
          .hasMessageContaining("blank");
    }
  }

  // --- Other apps' files ---------------------------------------------------------------------

  @Test
  void readsTheNodeAppsTokensJsonAndRewritesItOnlyOnTheNextSave() throws Exception {
    String node = "{\"token_type\":\"Bearer\",\"expires_in\":86400,"
        + "\"access_token\":\"CANARY-node-access\",\"refresh_token\":\"CANARY-node-refresh\","
        + "\"created_at\":1767225600}";
    FileTokenStore store = storeWithFile(null, node);

    TokenRecord r = store.load(KEY).orElseThrow();
    assertThat(r.accessToken()).isEqualTo("CANARY-node-access");
    assertThat(r.refreshToken()).isEqualTo("CANARY-node-refresh");
    assertThat(r.issuedAt()).isEqualTo(Instant.ofEpochSecond(1767225600));
    assertThat(r.expiresAt()).isEqualTo(Instant.ofEpochSecond(1767225600 + 86400));
    assertThat(r.version()).isZero();
    assertThat(r.accountDomain()).isEqualTo(KEY.domain());
    assertThat(store.keys()).containsExactly(KEY);
    assertThat(Files.readString(store.fileOf(KEY))).isEqualTo(node); // not rewritten by a read

    store.write(r.withVersion(1));
    assertThat(TokenRecord.fromJson(Files.readString(store.fileOf(KEY))))
        .isEqualTo(r.withVersion(1));
    assertThat(Files.readString(dir.resolve("example.amocrm.ru.json~bak-0"))).isEqualTo(node);
  }

  @Test
  void readsTheNodeAppsCreatedAtInMillisecondsToo() throws Exception {
    FileTokenStore store = storeWithFile(null, "{\"access_token\":\"a\",\"refresh_token\":\"r\","
        + "\"created_at\":1767225600123,\"expires_in\":\"86400\"}");
    TokenRecord r = store.load(KEY).orElseThrow();
    assertThat(r.issuedAt()).isEqualTo(Instant.ofEpochMilli(1767225600123L));
    assertThat(r.expiresAt()).isEqualTo(Instant.ofEpochMilli(1767225600123L).plusSeconds(86400));
  }

  @Test
  void readsTheAmocrmApiPhpExamplesTokenFile() throws Exception {
    String php = "{\"accessToken\":\"CANARY-php-access\",\"refreshToken\":\"CANARY-php-refresh\","
        + "\"expires\":1767312000,\"baseDomain\":\"Example.amocrm.ru\"}";
    FileTokenStore store = storeWithFile(null, php);
    TokenRecord r = store.load(KEY).orElseThrow();
    assertThat(r.accessToken()).isEqualTo("CANARY-php-access");
    assertThat(r.refreshToken()).isEqualTo("CANARY-php-refresh");
    assertThat(r.expiresAt()).isEqualTo(Instant.ofEpochSecond(1767312000));
    assertThat(r.issuedAt())
        .isEqualTo(Instant.ofEpochSecond(1767312000).minus(Duration.ofHours(24)));
    assertThat(r.accountDomain()).isEqualTo("example.amocrm.ru");
    assertThat(r.version()).isZero();
    assertThat(Files.readString(store.fileOf(KEY))).isEqualTo(php);
    store.write(r.withVersion(1));
    assertThat(Files.readString(store.fileOf(KEY))).contains("\"format\": 1");
  }

  @Test
  void aLegacyFileWithoutTimesTakesTheExpiryFromItsJwt() throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String jwt = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString("{\"exp\":1767312000}".getBytes(StandardCharsets.UTF_8)) + ".sig";
    FileTokenStore store = storeWithFile(null, "{\"access_token\":\"" + jwt + "\","
        + "\"refresh_token\":\"r\"}");
    assertThat(store.load(KEY).orElseThrow().expiresAt())
        .isEqualTo(Instant.ofEpochSecond(1767312000));
  }

  @Test
  void aLegacyFileIsReadWithEncryptionOnAndSealedOnTheNextSave() throws Exception {
    FileTokenStore store = storeWithFile(keyA, "{\"accessToken\":\"CANARY-a\","
        + "\"refreshToken\":\"CANARY-r\",\"expires\":1767312000,"
        + "\"baseDomain\":\"example.amocrm.ru\"}");
    TokenRecord r = store.load(KEY).orElseThrow();
    store.write(r.withVersion(1));
    assertThat(Files.readString(store.fileOf(KEY))).doesNotContain(CANARY).contains("sealed");
    assertThat(store.load(KEY)).contains(r.withVersion(1));
  }
}
