package io.github.farolero.amocrm.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Makes unsigned JWT-shaped tokens for tests: the library reads claims, never signatures. */
public final class Jwts {
  private Jwts() {}

  /** Returns {@code header.payload.signature} with the given JSON payload. */
  public static String withPayload(String payloadJson) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString("not-a-real-signature".getBytes(StandardCharsets.UTF_8));
  }

  /** Returns a token with an {@code exp} claim (unix seconds) and a unique {@code jti}. */
  public static String expiringAt(long expEpochSeconds, String jti) {
    return withPayload("{\"jti\":\"" + jti + "\",\"exp\":" + expEpochSeconds + "}");
  }
}
