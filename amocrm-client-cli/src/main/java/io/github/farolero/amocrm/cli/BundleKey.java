package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.store.TokenCipher;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The key a bundle is sealed with: 32 random bytes given in base64 (like {@code
 * AMOCRM_TOKENS_KEY}), or a passphrase stretched with PBKDF2-HMAC-SHA256 and a random salt kept in
 * the bundle. Both come from environment variables, never from the command line.
 */
final class BundleKey {

  static final String KEY = "key";
  static final String PASSPHRASE = "passphrase";
  static final String KDF = "PBKDF2-HMAC-SHA256";
  /** OWASP's figure for PBKDF2-HMAC-SHA256 (2023). */
  static final int ITERATIONS = 600_000;
  static final int MIN_ITERATIONS = 10_000;
  static final int MAX_ITERATIONS = 10_000_000;
  static final int SALT_BYTES = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  final String kind;
  final String variable;
  private final byte @Nullable [] raw;
  private final char @Nullable [] passphrase;
  final @Nullable String fingerprint;

  private BundleKey(String kind, String variable, byte @Nullable [] raw,
      char @Nullable [] passphrase, @Nullable String fingerprint) {
    this.kind = kind;
    this.variable = variable;
    this.raw = raw;
    this.passphrase = passphrase;
    this.fingerprint = fingerprint;
  }

  /** The base64 key in a variable. */
  static BundleKey key(Context ctx, String variable) {
    String value = Keys.required(ctx, variable, "--key-env");
    byte[] raw;
    try {
      raw = value.indexOf('-') >= 0 || value.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(value) : Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new CliException("--key-env " + variable + " must hold 32 bytes in base64"
          + " (openssl rand -base64 32)");
    }
    if (raw.length != 32) {
      throw new CliException("--key-env " + variable + " must hold 32 bytes in base64"
          + " (openssl rand -base64 32), not " + raw.length);
    }
    return new BundleKey(KEY, variable, raw, null, TokenCipher.aesGcm(raw).keyFingerprint());
  }

  /** The passphrase in a variable. */
  static BundleKey passphrase(Context ctx, String variable) {
    String value = ctx.env.get(variable);
    if (value == null) {
      throw new CliException("--passphrase-env: the variable " + variable + " is not set");
    }
    if (value.isBlank()) {
      throw new CliException("--passphrase-env: the variable " + variable + " is set but blank");
    }
    return new BundleKey(PASSPHRASE, variable, null, value.toCharArray(), null);
  }

  /** New parameters for sealing: a fresh nonce, and a fresh salt for a passphrase. */
  Map<String, @Nullable Object> newParameters() {
    Map<String, @Nullable Object> p = Json.object();
    p.put("cipher", "AES-256-GCM");
    p.put("keyFrom", kind);
    if (kind.equals(KEY)) {
      p.put("keyFingerprint", fingerprint);
    } else {
      p.put("kdf", KDF);
      p.put("iterations", ITERATIONS);
      p.put("salt", Base64.getEncoder().encodeToString(random(SALT_BYTES)));
    }
    p.put("nonce", Base64.getEncoder().encodeToString(random(Bundle.NONCE_BYTES)));
    return p;
  }

  /** The AES key for these parameters. */
  SecretKey secretKey(Map<?, ?> parameters, String shown) {
    if (raw != null) {
      return new SecretKeySpec(raw, "AES");
    }
    Object salt = parameters.get("salt");
    Object iterations = parameters.get("iterations");
    if (!KDF.equals(parameters.get("kdf")) || !(salt instanceof String s)
        || !(iterations instanceof Number n)) {
      throw new CliException(shown + " is damaged: its key derivation is missing or unknown");
    }
    int count = (int) n.doubleValue();
    if (count != n.doubleValue() || count < MIN_ITERATIONS || count > MAX_ITERATIONS) {
      throw new CliException(shown + " is damaged: its key derivation's iteration count is out"
          + " of range");
    }
    byte[] saltBytes;
    try {
      saltBytes = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new CliException(shown + " is damaged: its salt is not base64");
    }
    PBEKeySpec spec = new PBEKeySpec(passphrase, saltBytes, count, 256);
    try {
      byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(spec).getEncoded();
      try {
        return new SecretKeySpec(derived, "AES");
      } finally {
        Arrays.fill(derived, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is unavailable in this JVM", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** Says what key this is, for messages: the option and its variable, and a fingerprint. */
  String describe() {
    return kind.equals(KEY) ? "the key in " + variable + " (fingerprint " + fingerprint + ")"
        : "the passphrase in " + variable;
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
