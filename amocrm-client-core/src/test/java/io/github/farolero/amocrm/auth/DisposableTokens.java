package io.github.farolero.amocrm.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs test tokens the way amoCRM does: HS256 with the integration's secret. */
final class DisposableTokens {
  private DisposableTokens() {}

  static final String HS256 = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

  static String sign(String header, String claims, String secret) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String claims(long iat, long nbf, long exp, String clientUuid) {
    return "{\"iss\":\"https://example.amocrm.ru\",\"aud\":\"https://app.example.com\","
        + "\"jti\":\"0b7a3a1e-7c1e-4f3a-9a51-0e7c2f7b1a11\",\"iat\":" + iat + ",\"nbf\":" + nbf
        + ",\"exp\":" + exp + ",\"account_id\":31000000,\"subdomain\":\"example\","
        + "\"client_uuid\":\"" + clientUuid + "\",\"user_id\":8574774,\"is_admin\":true}";
  }
}
