package io.github.farolero.amocrm.store;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of a {@link TokenRecord}. Times are ISO-8601 instants so that a file is readable
 * by a person and round-trips exactly. Errors name the field at fault, never a value: a value may
 * be a token.
 */
final class TokenRecordJson {

  /** Written in every document; a reader refuses formats it does not know. */
  static final int FORMAT = 1;

  /** The document's fields. Public because Moshi's record adapter can only reach public ones. */
  public record Document(
      @Json(name = "format") @Nullable Integer format,
      @Json(name = "domain") @Nullable String domain,
      @Json(name = "client_id") @Nullable String clientId,
      @Json(name = "account_domain") @Nullable String accountDomain,
      @Json(name = "access_token") @Nullable String accessToken,
      @Json(name = "refresh_token") @Nullable String refreshToken,
      @Json(name = "expires_at") @Nullable String expiresAt,
      @Json(name = "issued_at") @Nullable String issuedAt,
      @Json(name = "version") @Nullable Long version) {}

  /**
   * Moshi's own adapters coerce: a JSON number reads as a String ({@code "access_token": 12345}
   * would be a token) and a numeric string as a Long. A record's fields must have their JSON
   * type. Messages name the path, never the value.
   */
  private static <T> JsonAdapter<T> strict(JsonReader.Token expected, JsonAdapter<T> plain) {
    return new JsonAdapter<T>() {
      @Override
      public @Nullable T fromJson(JsonReader reader) throws IOException {
        if (reader.peek() != expected && reader.peek() != JsonReader.Token.NULL) {
          throw new JsonDataException("Expected " + expected + " but was " + reader.peek()
              + " at path " + reader.getPath());
        }
        return plain.fromJson(reader);
      }

      @Override
      public void toJson(JsonWriter writer, @Nullable T value) throws IOException {
        plain.toJson(writer, value);
      }
    };
  }

  private static final JsonAdapter<Document> ADAPTER;

  static {
    Moshi plain = new Moshi.Builder().build();
    ADAPTER = new Moshi.Builder()
        .add(String.class, strict(JsonReader.Token.STRING, plain.adapter(String.class)))
        .add(Long.class, strict(JsonReader.Token.NUMBER, plain.adapter(Long.class)))
        .add(Integer.class, strict(JsonReader.Token.NUMBER, plain.adapter(Integer.class)))
        .build()
        .adapter(Document.class);
  }

  private TokenRecordJson() {}

  /** Returns the JSON of a record. */
  static String write(TokenRecord r) {
    return ADAPTER.indent("  ").toJson(new Document(
        FORMAT,
        r.key().domain(),
        r.key().clientId(),
        r.accountDomain(),
        r.accessToken(),
        r.refreshToken(),
        r.expiresAt().toString(),
        r.issuedAt().toString(),
        r.version()));
  }

  /** Reads a record; throws IllegalArgumentException naming the bad field. */
  static TokenRecord read(String json) {
    Document d;
    try {
      d = ADAPTER.fromJson(json);
    } catch (JsonEncodingException e) {
      throw new IllegalArgumentException("token record is not valid JSON");
    } catch (JsonDataException e) {
      // Moshi names the path (such as $.version), not the value.
      throw new IllegalArgumentException("token record has a field of the wrong type at "
          + pathOf(e));
    } catch (IOException e) {
      throw new IllegalArgumentException("token record could not be read", e);
    }
    if (d == null) {
      throw new IllegalArgumentException("token record is JSON null");
    }
    if (d.format() == null || d.format() != FORMAT) {
      throw new IllegalArgumentException("token record has format " + d.format()
          + "; this version reads format " + FORMAT);
    }
    String domain = required(d.domain(), "domain");
    GrantKey key;
    try {
      key = new GrantKey(domain, d.clientId());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("token record has an invalid domain or client_id");
    }
    try {
      return new TokenRecord(
          key,
          required(d.accessToken(), "access_token"),
          d.refreshToken(),
          instant(d.expiresAt(), "expires_at"),
          instant(d.issuedAt(), "issued_at"),
          accountDomain(d.accountDomain(), key),
          d.version() == null ? 0 : d.version());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("token record is invalid: " + e.getMessage());
    }
  }

  private static String accountDomain(@Nullable String value, GrantKey key) {
    if (value == null) {
      return key.domain();
    }
    try {
      return GrantKey.of(value).domain();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("an invalid account_domain");
    }
  }

  private static String pathOf(JsonDataException e) {
    String m = String.valueOf(e.getMessage());
    int at = m.lastIndexOf(" at path ");
    return at < 0 ? "an unknown path" : m.substring(at + " at path ".length());
  }

  private static String required(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("token record is missing " + field);
    }
    return value;
  }

  private static Instant instant(@Nullable String value, String field) {
    try {
      return Instant.parse(required(value, field));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("token record has an invalid " + field);
    }
  }
}
