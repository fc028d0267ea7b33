package io.github.farolero.amocrm.store.file;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.farolero.amocrm.auth.Jwt;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenDecryptionException;
import io.github.farolero.amocrm.store.TokenRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a token file holds, in the formats this store reads: its own (plain or sealed with
 * AES-256-GCM), the Node app's {@code tokens.json} and the amocrm-api-php example's token file. It
 * writes only its own. Messages name files' fields, never values: a value may be a token.
 */
final class TokenFileCodec {

  /** A token file is a few KiB; anything past this is not one. */
  static final int MAX_BYTES = 1 << 20;

  /** amoCRM's access tokens live a day; legacy files without an issue time assume that. */
  private static final Duration ACCESS_LIFETIME = Duration.ofHours(24);

  /** Epoch numbers past this are milliseconds, not seconds (it is the year 5138). */
  private static final double MAX_SECONDS = 100_000_000_000d;

  private static final Moshi MOSHI = new Moshi.Builder().build();
  private static final JsonAdapter<Object> ANY = MOSHI.adapter(Object.class);
  private static final JsonAdapter<Map<String, Object>> ENVELOPE = MOSHI
      .<Map<String, Object>>adapter(Types.newParameterizedType(Map.class, String.class,
          Object.class))
      .indent("  ");

  /** Where a record came from. */
  enum Format {
    /** This library's JSON ({@link TokenRecord#toJson()}). */
    LIBRARY,
    /** This library's JSON, sealed with a {@link TokenCipher}. */
    LIBRARY_ENCRYPTED,
    /** {@code {"access_token","refresh_token","created_at","expires_in"}}, the Node app's. */
    NODE_APP,
    /** {@code {"accessToken","refreshToken","expires","baseDomain"}}, amocrm-api-php's example. */
    AMOCRM_API_PHP;

    /** Returns true for formats this store does not write: they are rewritten on the next save. */
    boolean isLegacy() {
      return this == NODE_APP || this == AMOCRM_API_PHP;
    }
  }

  /** A record read from a file, and the format it was in. */
  record Decoded(TokenRecord record, Format format) {}

  /** The bytes are not a token file of the grant; {@link #getMessage()} says why, never a value. */
  static final class CorruptException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptException(String reason) {
      super(reason, null, false, false);
    }
  }

  private TokenFileCodec() {}

  /** Returns the bytes to store for a record: its JSON, sealed if a cipher is given. */
  static byte[] encode(TokenRecord record, @Nullable TokenCipher cipher) {
    String json = record.toJson();
    if (cipher == null) {
      return (json + "\n").getBytes(StandardCharsets.UTF_8);
    }
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("format", 1);
    envelope.put("domain", record.key().domain());
    if (record.key().clientId() != null) {
      envelope.put("client_id", record.key().clientId());
    }
    envelope.put("version", record.version());
    envelope.put("cipher", "AES-256-GCM");
    envelope.put("key", cipher.keyFingerprint());
    envelope.put("sealed", cipher.encrypt(json, record.key()));
    return (ENVELOPE.toJson(envelope) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a token file of a grant.
   *
   * @throws CorruptException if the bytes are not a token file of this grant
   * @throws TokenDecryptionException if the file is sealed and the cipher is missing or wrong,
   *     or the file was changed
   */
  static Decoded decode(byte[] bytes, GrantKey key, @Nullable TokenCipher cipher)
      throws CorruptException {
    if (bytes.length > 0 && bytes.length <= MAX_BYTES && PlainRecordScan.matches(bytes)) {
      // This library's own plain file, as it writes it: parsed once, straight into the record.
      // Anything the record parser refuses goes the long way below, for the same error as ever.
      String text = new String(bytes, StandardCharsets.ISO_8859_1); // all ASCII: checked
      try {
        TokenRecord r = TokenRecord.fromJson(text);
        if (r.key().equals(key)) {
          return new Decoded(r, Format.LIBRARY);
        }
      } catch (IllegalArgumentException refused) {
        // The long way says what is wrong with it.
      }
    }
    return decodeInGeneral(bytes, key, cipher);
  }

  /**
   * Reads a token file of a grant the general way: the text checked as UTF-8, parsed into a tree
   * whose fields tell the format, then read in that format. {@link #decode} takes this way for
   * everything but this library's own plain files, and must decide as it does (tested).
   */
  static Decoded decodeInGeneral(byte[] bytes, GrantKey key, @Nullable TokenCipher cipher)
      throws CorruptException {
    String text = utf8(bytes);
    Map<?, ?> doc = object(text);
    if (doc.containsKey("sealed")) {
      return new Decoded(unseal(doc, key, cipher), Format.LIBRARY_ENCRYPTED);
    }
    if (doc.containsKey("format")) {
      TokenRecord r = library(text);
      if (!r.key().equals(key)) {
        throw new CorruptException("holds the tokens of grant " + r.key() + ", not " + key);
      }
      return new Decoded(r, Format.LIBRARY);
    }
    if (doc.containsKey("accessToken")) {
      return new Decoded(php(doc, key), Format.AMOCRM_API_PHP);
    }
    if (doc.containsKey("access_token")) {
      return new Decoded(node(doc, key), Format.NODE_APP);
    }
    throw new CorruptException("is JSON, but no token file format this library reads (no access"
        + " token field)");
  }

  /** Returns the key a file of this library's format names, or null; for hashed file names. */
  static @Nullable GrantKey peekKey(byte[] bytes) {
    try {
      Map<?, ?> doc = object(utf8(bytes));
      if (doc.get("domain") instanceof String d) {
        Object c = doc.get("client_id");
        return new GrantKey(d, c instanceof String s ? s : null);
      }
    } catch (CorruptException | IllegalArgumentException e) {
      // Not ours: no key.
    }
    return null;
  }

  /**
   * Tells, without parsing, whether a file may take the one-parse path of {@link #decode}: a JSON
   * object of this library's plain format whose record {@link TokenRecord#fromJson} alone reads
   * exactly as the general path (a parse into a tree, then the record) would.
   *
   * <p>It looks at the bytes once and requires: only ASCII (so no UTF-8 decoding can fail, and
   * {@code ISO_8859_1} gives the same text), no backslash anywhere (so every {@code "} delimits a
   * string, and a key is spelled as it reads: {@code "se\u0061led"} cannot hide), and top-level
   * keys that are all among the record's own fields, none twice, {@code "format"} among them.
   * With only the record's fields at the top, every value is a string, a number or null (the
   * record parser refuses anything else), so nothing is nested or skipped unparsed; then the tree
   * parse would accept exactly what the record parser accepts, would find no {@code "sealed"}
   * field, and would pick this library's format. Anything else (a sealed file, another app's
   * format, an unknown or repeated field, escapes, non-ASCII text, damage) is left to the general
   * path, which decides as it always has.
   */
  static final class PlainRecordScan {
    private static final byte[][] FIELDS = {
        ascii("format"), ascii("domain"), ascii("client_id"), ascii("account_domain"),
        ascii("access_token"), ascii("refresh_token"), ascii("expires_at"), ascii("issued_at"),
        ascii("version")};

    private PlainRecordScan() {}

    private static byte[] ascii(String s) {
      return s.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean matches(byte[] b) {
      int seen = 0; // bit i: FIELDS[i] was a top-level key
      int depth = 0;
      int n = b.length;
      for (int i = 0; i < n; i++) {
        byte c = b[i];
        if (c < 0 || c == '\\') {
          return false;
        }
        if (c == '"') {
          int end = i + 1;
          while (end < n && b[end] != '"') {
            if (b[end] < 0 || b[end] == '\\') {
              return false;
            }
            end++;
          }
          if (end == n) {
            return false;
          }
          if (depth == 1 && isKey(b, end + 1)) {
            int field = field(b, i + 1, end);
            if (field < 0 || (seen & (1 << field)) != 0) {
              return false; // unknown (possibly "sealed") or repeated
            }
            seen |= 1 << field;
          }
          i = end;
        } else if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          depth--;
        }
      }
      return (seen & 1) != 0; // "format" is there
    }

    /** True if the first non-blank byte from {@code at} is a colon: the string was a key. */
    private static boolean isKey(byte[] b, int at) {
      for (int i = at; i < b.length; i++) {
        byte c = b[i];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          return c == ':';
        }
      }
      return false;
    }

    private static int field(byte[] b, int from, int to) {
      int len = to - from;
      for (int f = 0; f < FIELDS.length; f++) {
        byte[] name = FIELDS[f];
        if (name.length == len && java.util.Arrays.equals(b, from, to, name, 0, len)) {
          return f;
        }
      }
      return -1;
    }
  }

  /** The file's text: checked to be within the size bound and valid UTF-8. */
  private static String utf8(byte[] bytes) throws CorruptException {
    if (bytes.length == 0) {
      throw new CorruptException("is empty");
    }
    if (bytes.length > MAX_BYTES) {
      throw new CorruptException("is " + bytes.length + " bytes, over the " + MAX_BYTES
          + "-byte limit of a token file");
    }
    if (isAscii(bytes)) {
      return new String(bytes, StandardCharsets.ISO_8859_1); // ASCII is valid UTF-8 as it is
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CorruptException("is not UTF-8 text (binary data)");
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /** The file's JSON object, parsed strictly. */
  private static Map<?, ?> object(String text) throws CorruptException {
    Object value;
    try {
      // Strict: refuses trailing data ("not fully consumed") and nesting deeper than 255.
      value = ANY.fromJson(text);
    } catch (IOException | RuntimeException e) {
      // Moshi's messages name a path at most; still, say only what kind of damage it is.
      throw new CorruptException("is not valid JSON (truncated or damaged)");
    }
    if (!(value instanceof Map<?, ?> doc)) {
      throw new CorruptException("is JSON, but not an object");
    }
    return doc;
  }

  private static TokenRecord library(String json) throws CorruptException {
    try {
      return TokenRecord.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new CorruptException("is not a valid token record (" + withoutQuotes(e.getMessage())
          + ")");
    }
  }

  private static TokenRecord unseal(Map<?, ?> doc, GrantKey key, @Nullable TokenCipher cipher)
      throws CorruptException {
    Object fingerprint = doc.get("key");
    String keyNote = fingerprint instanceof String s ? " with key " + s : "";
    if (cipher == null) {
      throw new TokenDecryptionException("the tokens of " + key + " are encrypted" + keyNote
          + ", but no token encryption key is configured (set " + TokenCipher.DEFAULT_KEY_VARIABLE
          + " or FileTokenStore.Builder.cipher)", null);
    }
    if (!(doc.get("sealed") instanceof String sealed)) {
      throw new CorruptException("has a \"sealed\" field that is not a string");
    }
    String json = cipher.decrypt(sealed, key);
    TokenRecord r = library(json);
    if (!r.key().equals(key)) {
      throw new TokenDecryptionException("the sealed tokens name grant " + r.key() + ", not "
          + key + ": the file was changed", null);
    }
    Object outer = doc.get("version");
    if (!(outer instanceof Number n) || n.doubleValue() != r.version()) {
      throw new TokenDecryptionException("the version outside the seal of " + key
          + " differs from the sealed one: the file was changed", null);
    }
    return r;
  }

  private static TokenRecord node(Map<?, ?> doc, GrantKey key) throws CorruptException {
    String access = text(doc, "access_token", true);
    String refresh = text(doc, "refresh_token", false);
    Instant created = doc.get("created_at") == null ? null : epoch(doc, "created_at");
    Instant expiresAt = null;
    if (created != null && doc.get("expires_in") != null) {
      expiresAt = created.plusSeconds(whole(doc, "expires_in"));
    }
    if (expiresAt == null) {
      expiresAt = jwtExpiry(access, "created_at and expires_in");
    }
    Instant issuedAt = created != null ? created : expiresAt.minus(ACCESS_LIFETIME);
    return record(key, access, refresh, expiresAt, issuedAt, key.domain());
  }

  private static TokenRecord php(Map<?, ?> doc, GrantKey key) throws CorruptException {
    String access = text(doc, "accessToken", true);
    String refresh = text(doc, "refreshToken", false);
    Instant expiresAt = doc.get("expires") == null
        ? jwtExpiry(access, "expires")
        : epoch(doc, "expires");
    String accountDomain = key.domain();
    Object base = doc.get("baseDomain");
    if (base != null) {
      if (!(base instanceof String b)) {
        throw new CorruptException("has a baseDomain that is not a string");
      }
      try {
        accountDomain = GrantKey.of(b).domain();
      } catch (IllegalArgumentException e) {
        throw new CorruptException("has a baseDomain that is not a host name");
      }
    }
    // The file keeps no issue time; amoCRM issues access tokens for a day.
    return record(key, access, refresh, expiresAt, expiresAt.minus(ACCESS_LIFETIME),
        accountDomain);
  }

  private static TokenRecord record(GrantKey key, String access, @Nullable String refresh,
      Instant expiresAt, Instant issuedAt, String accountDomain) throws CorruptException {
    try {
      return new TokenRecord(key, access, refresh, expiresAt, issuedAt, accountDomain, 0);
    } catch (IllegalArgumentException e) {
      throw new CorruptException("is not a valid token record (" + withoutQuotes(e.getMessage())
          + ")");
    }
  }

  /**
   * Core's messages name the field at fault, but a rejected host name is quoted in them, and
   * whatever stood in a file's field may be a token: drop quoted parts.
   */
  private static String withoutQuotes(@Nullable String message) {
    return message == null ? "is invalid" : message.replaceAll("\"[^\"]*\"?", "\"…\"");
  }

  private static @Nullable String text(Map<?, ?> doc, String field, boolean required)
      throws CorruptException {
    Object v = doc.get(field);
    if (v == null) {
      if (required) {
        throw new CorruptException("is missing " + field);
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw new CorruptException("has a field of the wrong type: " + field);
    }
    if (s.isBlank()) {
      if (required) {
        throw new CorruptException("has an empty " + field);
      }
      return null;
    }
    return s;
  }

  private static long whole(Map<?, ?> doc, String field) throws CorruptException {
    Object v = doc.get(field);
    double d;
    if (v instanceof Number n) {
      d = n.doubleValue();
    } else if (v instanceof String s && s.trim().matches("[0-9]{1,18}")) {
      d = Double.parseDouble(s.trim());
    } else {
      throw new CorruptException("has a field of the wrong type: " + field);
    }
    if (!Double.isFinite(d) || d < 0 || d != Math.rint(d) || d > 9e15) {
      throw new CorruptException("has a field out of range: " + field);
    }
    return (long) d;
  }

  /** Unix seconds or milliseconds (told apart by size), or an ISO-8601 instant. */
  private static Instant epoch(Map<?, ?> doc, String field) throws CorruptException {
    Object v = doc.get(field);
    if (v instanceof String s && !s.trim().matches("[0-9]{1,18}")) {
      try {
        return Instant.parse(s.trim());
      } catch (DateTimeParseException e) {
        throw new CorruptException("has a field that is not a time: " + field);
      }
    }
    long n = whole(doc, field);
    if (n == 0) {
      throw new CorruptException("has a field out of range: " + field);
    }
    return n >= MAX_SECONDS ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
  }

  private static Instant jwtExpiry(String access, String fields) throws CorruptException {
    Instant exp = null;
    try {
      exp = Jwt.parse(access).expiresAt().orElse(null);
    } catch (IllegalArgumentException notJwt) {
      // Falls through.
    }
    if (exp == null) {
      throw new CorruptException("has no " + fields + ", and its access token is not a JWT"
          + " with an exp claim");
    }
    return exp;
  }
}
