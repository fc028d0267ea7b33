package io.github.farolero.amocrm.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Short, non-reversible fingerprints of secrets: the first 6 hex digits of a SHA-256. */
final class Fingerprints {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Fingerprints() {}

  /** Returns the fingerprint of a token. */
  static String of(String secret) {
    return of(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the fingerprint of raw bytes (a key). */
  static String of(byte[] secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
      StringBuilder out = new StringBuilder(6);
      for (int i = 0; i < 3; i++) {
        out.append(HEX[(digest[i] >> 4) & 0xf]).append(HEX[digest[i] & 0xf]);
      }
      return out.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }
}
