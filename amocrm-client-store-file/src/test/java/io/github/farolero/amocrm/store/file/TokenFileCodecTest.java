package io.github.farolero.amocrm.store.file;

import static io.github.farolero.amocrm.store.file.Records.KEY;
import static io.github.farolero.amocrm.store.file.Records.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The codec reads this library's own plain files with one parse ({@link TokenFileCodec#decode}
 * skips the tree that tells the format); everything else goes the general way. Both ways must
 * decide alike on every input: the same record and format, or the same exception with the same
 * message. Checked on the files the store writes, on every kind of damage {@link BadInputTest}
 * knows, on crafted files that could tell the two apart (a repeated field, an escaped key, a
 * "sealed" field beside plain ones, unknown or nested fields, odd numbers), and on thousands of
 * random mutations of a valid file.
 */
class TokenFileCodecTest {

  private static final TokenCipher CIPHER = TokenCipher.fromBase64Key(
      TokenCipher.generateBase64Key());

  /** What a decode gave: the record and format, or the exception's class and message. */
  private static String outcome(byte[] bytes, GrantKey key, @Nullable TokenCipher cipher,
      boolean general) {
    try {
      TokenFileCodec.Decoded d = general
          ? TokenFileCodec.decodeInGeneral(bytes, key, cipher)
          : TokenFileCodec.decode(bytes, key, cipher);
      return "read " + d.format() + " " + d.record();
    } catch (Exception e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static void assertSameDecision(String what, byte[] bytes) {
    for (TokenCipher cipher : new TokenCipher[] {null, CIPHER}) {
      for (GrantKey key : List.of(KEY, GrantKey.of("other.amocrm.ru"))) {
        assertThat(outcome(bytes, key, cipher, false))
            .as("%s (key %s, %s)", what, key, cipher == null ? "no cipher" : "a cipher")
            .isEqualTo(outcome(bytes, key, cipher, true));
      }
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<byte[]> samples() {
    String valid = record(2).toJson();
    String compact = valid.replaceAll("\n\\s*", "");
    List<byte[]> out = new ArrayList<>();
    for (String s : List.of(
        valid, valid + "\n", compact, valid.replace("\n", "\r\n"),
        record(GrantKey.of("example.amocrm.ru", "Client_1"), 9).toJson(),
        new TokenRecord(KEY, "a", null, record(1).expiresAt(), record(1).issuedAt(),
            "example.amocrm.ru", Long.MAX_VALUE).toJson(),
        record(GrantKey.of("other.amocrm.ru"), 2).toJson(),
        // Could tell the ways apart if the scan were wrong:
        valid.replace("\"version\": 2", "\"version\": 2, \"version\": 3"),
        valid.replace("\"access_token\"", "\"access_token\": \"x\", \"access_token\""),
        valid.replace("\"format\"", "\"form\\u0061t\""),
        valid.replace("\"format\": 1", "\"format\": 1, \"sealed\": \"v1:abc\""),
        valid.replace("\"format\": 1", "\"format\": 1, \"se\\u0061led\": \"v1:abc\""),
        valid.replace("\"format\": 1", "\"format\": 1, \"extra\": {\"a\": [1, {\"b\": null}]}"),
        valid.replace("\"format\": 1", "\"format\": 1, \"extra\": 1e400"),
        valid.replace("\"format\": 1", "\"format\": 1, \"nested\": {\"format\": 2}"),
        valid.replace("\"format\": 1", "\"format\": 1, \"accessToken\": \"CANARY-x\""),
        valid.replace("\"version\": 2", "\"version\": 2.0"),
        valid.replace("\"version\": 2", "\"version\": 2e0"),
        valid.replace("\"version\": 2", "\"version\": -2"),
        valid.replace("\"version\": 2", "\"version\": 1e30"),
        valid.replace("\"version\": 2", "\"version\": null"),
        valid.replace("\"format\": 1", "\"format\": 2"),
        valid.replace("\"format\": 1", "\"format\": null"),
        valid.replace("\"format\": 1", "\"format\": \"1\""),
        valid.replace("\"format\": 1", "\"format\": true"),
        valid.replace("\"format\": 1,", ""),
        valid.replace("\"client_id\"", "\"client\""),
        valid.replace("example.amocrm.ru\",\n  \"account", "example.amocrm.ru\",\n  \"client_id\": null,\n  \"account"),
        valid.replace("CANARY-access", "CANARY-accès"),
        valid.replace("CANARY-access", "CANARY-\\\"access"),
        valid.replace("CANARY-access", "CANARY-{[access"),
        valid.replace("CANARY-access", "CANARY-\":access"),
        "[" + valid + "]", valid + "CANARY-garbage", valid + "}", valid + "{}", "{}", "{\"format\":1}",
        "{\"format\":1,}", "{\"format\":1 \"domain\":\"example.amocrm.ru\"}", "",
        "{\"access_token\":\"CANARY-a\",\"refresh_token\":\"CANARY-r\",\"created_at\":1767225600,"
            + "\"expires_in\":86400}",
        "{\"accessToken\":\"CANARY-a\",\"refreshToken\":\"CANARY-r\",\"expires\":1767225600,"
            + "\"baseDomain\":\"example.amocrm.ru\"}",
        "{\"format\":1,\"domain\":\"example.amocrm.ru\",\"version\":2,\"sealed\":42}")) {
      out.add(utf8(s));
    }
    out.add(TokenFileCodec.encode(record(3), CIPHER));
    out.add(TokenFileCodec.encode(record(3), null));
    out.add(Arrays.copyOf(utf8(valid), valid.length() / 2));
    out.add(new byte[512]);
    byte[] binary = new byte[300];
    new Random(7).nextBytes(binary);
    out.add(binary);
    return out;
  }

  @Test
  void bothWaysDecideAlikeOnWrittenDamagedAndCraftedFiles() {
    int i = 0;
    for (byte[] s : samples()) {
      assertSameDecision("sample " + i++ + ": " + new String(s, StandardCharsets.UTF_8), s);
    }
  }

  @Test
  void theStoresOwnFileTakesTheOneParseWayAndOthersDoNot() {
    assertThat(TokenFileCodec.PlainRecordScan.matches(TokenFileCodec.encode(record(3), null)))
        .isTrue();
    assertThat(TokenFileCodec.PlainRecordScan.matches(TokenFileCodec.encode(record(3), CIPHER)))
        .as("a sealed file").isFalse();
    String valid = record(2).toJson();
    for (String other : List.of(
        valid.replace("\"version\": 2", "\"version\": 2, \"version\": 3"),
        valid.replace("\"format\"", "\"form\\u0061t\""),
        valid.replace("\"format\": 1", "\"format\": 1, \"sealed\": \"v1:abc\""),
        valid.replace("\"format\": 1", "\"format\": 1, \"extra\": 1"),
        valid.replace("\"format\": 1,", ""),
        valid.replace("CANARY-access", "CANARY-accès"))) {
      assertThat(TokenFileCodec.PlainRecordScan.matches(utf8(other))).as(other).isFalse();
    }
  }

  /** Random damage to a valid file: bytes changed, cut out, or put in, from JSON's own marks. */
  @Test
  void bothWaysDecideAlikeOnRandomMutations() {
    long seed = Long.getLong("codec.seed", 20260305L);
    Random random = new Random(seed);
    byte[][] bases = {TokenFileCodec.encode(record(2), null),
        utf8(record(2).toJson().replaceAll("\n\\s*", "")),
        TokenFileCodec.encode(record(GrantKey.of("example.amocrm.ru", "c"), 5), null)};
    byte[] marks = utf8("{}[]\",:\\ \n0123456789.-eEtrufalsn");
    for (int n = 0; n < 5000; n++) {
      byte[] b = bases[random.nextInt(bases.length)].clone();
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits && b.length > 1; e++) {
        int at = random.nextInt(b.length);
        byte mark = random.nextInt(10) == 0 ? (byte) (0x80 | random.nextInt(0x80))
            : marks[random.nextInt(marks.length)];
        switch (random.nextInt(3)) {
          case 0 -> b[at] = mark;
          case 1 -> {
            byte[] shorter = new byte[b.length - 1];
            System.arraycopy(b, 0, shorter, 0, at);
            System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
            b = shorter;
          }
          default -> {
            byte[] longer = new byte[b.length + 1];
            System.arraycopy(b, 0, longer, 0, at);
            longer[at] = mark;
            System.arraycopy(b, at, longer, at + 1, b.length - at);
            b = longer;
          }
        }
      }
      assertSameDecision("mutation " + n + " (seed " + seed + "): "
          + new String(b, StandardCharsets.UTF_8), b);
    }
  }
}
