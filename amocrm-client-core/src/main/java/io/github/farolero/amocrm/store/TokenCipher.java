package io.github.farolero.amocrm.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption of tokens at rest with AES-256-GCM, shared by the file and JDBC stores.
 *
 * <p>Each value gets a fresh 96-bit random nonce; the grant key's {@link GrantKey#id() id} is the
 * associated data, so a ciphertext copied onto another grant fails to decrypt. A ciphertext is
 * text: {@code v1:} followed by base64 of nonce and sealed bytes. A wrong key or a changed
 * ciphertext throws {@link TokenDecryptionException}; it never yields garbage tokens.
 *
 * <p>The key is 32 random bytes, usually given as base64 in an environment variable such as
 * {@code AMOCRM_TOKENS_KEY} ({@code openssl rand -base64 32} makes one). Thread-safe.
 */
public final class TokenCipher {

  /** The conventional environment variable holding the base64 key. */
  public static final String DEFAULT_KEY_VARIABLE = "AMOCRM_TOKENS_KEY";

  private static final String PREFIX = "v1:";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;
  private final String keyFingerprint;

  private TokenCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
    this.keyFingerprint = Fingerprints.of(key);
  }

  /**
   * Returns a cipher with a raw 256-bit key. The array is copied.
   *
   * @param key 32 bytes
   * @return the cipher
   * @throws IllegalArgumentException if the key is not 32 bytes
   */
  public static TokenCipher aesGcm(byte[] key) {
    Objects.requireNonNull(key, "key == null");
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "an AES-256 key is " + KEY_BYTES + " bytes, got " + key.length);
    }
    return new TokenCipher(key.clone());
  }

  /**
   * Returns a cipher with a base64 key (standard or URL-safe alphabet).
   *
   * @param base64Key 32 bytes, base64-encoded
   * @return the cipher
   * @throws IllegalArgumentException if the text is not base64 of 32 bytes; the message never
   *     repeats the text
   */
  public static TokenCipher fromBase64Key(String base64Key) {
    Objects.requireNonNull(base64Key, "base64Key == null");
    byte[] raw;
    String trimmed = base64Key.trim();
    try {
      raw = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(trimmed)
          : Base64.getDecoder().decode(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the token encryption key is not valid base64");
    }
    try {
      return aesGcm(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * Returns a cipher from a base64 key in an environment variable, or empty if the variable is
   * unset.
   *
   * <p>A variable that is set but empty or only whitespace is an error, not "no encryption": it
   * is what a deployment template or a secret manager leaves when the key failed to arrive, and
   * reading it as "off" would store tokens in the clear without a word.
   *
   * @param environment the environment, such as {@link System#getenv()}
   * @param variable the variable's name, such as {@link #DEFAULT_KEY_VARIABLE}
   * @return the cipher, or empty if the variable is unset
   * @throws IllegalArgumentException if the variable is set but blank, or not base64 of 32
   *     bytes; the message names the variable, never its value
   */
  public static Optional<TokenCipher> fromEnvironment(Map<String, String> environment,
      String variable) {
    Objects.requireNonNull(environment, "environment == null");
    Objects.requireNonNull(variable, "variable == null");
    String value = environment.get(variable);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(variable + " is set but blank; set it to a key"
          + " (openssl rand -base64 32), or unset it to store tokens unencrypted");
    }
    try {
      return Optional.of(fromBase64Key(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          variable + " must hold 32 bytes in base64 (openssl rand -base64 32)", e);
    }
  }

  /** Returns a new random key, base64-encoded: what {@link #fromBase64Key} reads. */
  public static String generateBase64Key() {
    byte[] raw = new byte[KEY_BYTES];
    RANDOM.nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  /** Returns true if the text looks like this class's ciphertext (it starts with {@code v1:}). */
  public static boolean isCiphertext(String text) {
    return text.startsWith(PREFIX);
  }

  /** Returns a fingerprint of the key, to tell keys apart in errors and status without showing them. */
  public String keyFingerprint() {
    return keyFingerprint;
  }

  /**
   * Encrypts a value of a grant.
   *
   * @param plaintext the value
   * @param grant the grant it belongs to (bound as associated data)
   * @return the ciphertext, {@code v1:} and base64
   */
  public String encrypt(String plaintext, GrantKey grant) {
    Objects.requireNonNull(plaintext, "plaintext == null");
    Objects.requireNonNull(grant, "grant == null");
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(grant.id().getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
      return PREFIX + Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
    }
  }

  /**
   * Decrypts a value of a grant.
   *
   * @param ciphertext what {@link #encrypt} returned
   * @param grant the grant it was encrypted for
   * @return the value
   * @throws TokenDecryptionException if the key is wrong, the grant differs, or the data was
   *     changed or is not a ciphertext
   */
  public String decrypt(String ciphertext, GrantKey grant) {
    Objects.requireNonNull(ciphertext, "ciphertext == null");
    Objects.requireNonNull(grant, "grant == null");
    if (!isCiphertext(ciphertext)) {
      throw new TokenDecryptionException("tokens of " + grant
          + " are not encrypted, but a token encryption key is configured", null);
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(ciphertext.substring(PREFIX.length()));
      if (!Base64.getEncoder().encodeToString(raw).equals(ciphertext.substring(PREFIX.length()))) {
        throw new IllegalArgumentException("not canonical");
      }
    } catch (IllegalArgumentException e) {
      throw new TokenDecryptionException(
          "encrypted tokens of " + grant + " are damaged (not base64)", e);
    }
    if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new TokenDecryptionException(
          "encrypted tokens of " + grant + " are damaged (too short)", null);
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
      c.updateAAD(grant.id().getBytes(StandardCharsets.UTF_8));
      byte[] plain = c.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new TokenDecryptionException("cannot decrypt tokens of " + grant
          + " with key " + keyFingerprint + ": wrong key, or the data was changed", e);
    } catch (GeneralSecurityException e) {
      throw new TokenDecryptionException("cannot decrypt tokens of " + grant, e);
    }
  }

  @Override
  public String toString() {
    return "TokenCipher{AES-256-GCM, key=" + keyFingerprint + '}';
  }
}
