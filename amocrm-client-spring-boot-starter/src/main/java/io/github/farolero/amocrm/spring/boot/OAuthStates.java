package io.github.farolero.amocrm.spring.boot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Makes and checks the OAuth {@code state} (against CSRF) without keeping any: a state is a random
 * nonce and its time, signed with HMAC-SHA256 under a key derived from the client secret, so any
 * instance of the app that shares the secret accepts a state another instance made, until it is
 * older than the time to live.
 */
final class OAuthStates {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final int NONCE_BYTES = 16;
  private static final int PAYLOAD_BYTES = NONCE_BYTES + Long.BYTES;

  private final byte[] key;
  private final Duration ttl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  OAuthStates(String clientSecret, Duration ttl, Clock clock) {
    Objects.requireNonNull(clientSecret, "clientSecret == null");
    this.key = sha256(("amocrm-oauth-state\0" + clientSecret).getBytes(StandardCharsets.UTF_8));
    this.ttl = Objects.requireNonNull(ttl, "ttl == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("amocrm.callback.state-ttl must be positive");
    }
  }

  /** Returns a new state. */
  String issue() {
    byte[] payload = new byte[PAYLOAD_BYTES];
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    ByteBuffer.wrap(payload).put(nonce).putLong(clock.instant().getEpochSecond());
    return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
  }

  /** Returns true if this app made the state and it is not older than the time to live. */
  boolean verify(@Nullable String state) {
    if (state == null) {
      return false;
    }
    int dot = state.indexOf('.');
    if (dot < 0) {
      return false;
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = DECODER.decode(state.substring(0, dot));
      signature = DECODER.decode(state.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (payload.length != PAYLOAD_BYTES || !MessageDigest.isEqual(mac(payload), signature)) {
      return false;
    }
    Instant made = Instant.ofEpochSecond(ByteBuffer.wrap(payload, NONCE_BYTES, Long.BYTES)
        .getLong());
    Instant now = clock.instant();
    // A state from the future (another instance's clock ahead) is accepted within a minute.
    return !made.isAfter(now.plusSeconds(60)) && !now.isAfter(made.plus(ttl));
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
