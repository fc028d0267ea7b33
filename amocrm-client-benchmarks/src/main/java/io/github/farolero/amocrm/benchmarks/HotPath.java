package io.github.farolero.amocrm.benchmarks;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.model.Account;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Figures 1 and 9: {@code client.account()} with a valid long-lived token and the limiter on (limit
 * very high), against a local server that answers every request with the same account JSON; beside
 * it the two baselines on the same server:
 *
 * <ul>
 *   <li>{@link #bare()}: a plain {@code new OkHttpClient()}, a fixed {@code Authorization} header,
 *       stock Moshi parsing the body into a plain record;
 *   <li>{@link #nodeWay()}: the old Node deployment's way, the same plus reading {@code
 *       tokens.json} from disk on every request ({@code Files.readAllBytes} + Moshi).
 * </ul>
 *
 * Thread-safe; every call goes over a kept-alive connection once the first has made it.
 */
final class HotPath implements AutoCloseable {

  /** The account answer (as the testkit's mock sends it, with amoCRM's usual fields). */
  static final byte[] ACCOUNT_JSON = ("{\"id\":31000001,\"name\":\"Example account\","
      + "\"subdomain\":\"example\",\"created_at\":1600000000,\"created_by\":0,"
      + "\"updated_at\":1600000000,\"updated_by\":0,\"current_user_id\":5000001,"
      + "\"country\":\"RU\",\"currency\":\"RUB\",\"currency_symbol\":\"₽\","
      + "\"customers_mode\":\"disabled\",\"is_unsorted_on\":true,\"mobile_feature_version\":0,"
      + "\"is_loss_reason_enabled\":true,\"is_helpbot_enabled\":false,"
      + "\"is_technical_account\":false,\"contact_name_display_order\":1,"
      + "\"amojo_id\":\"00000000-0000-4000-8000-000000000001\",\"version\":11,"
      + "\"_links\":{\"self\":{\"href\":\"https://example.amocrm.ru/api/v4/account\"}}}")
      .getBytes(StandardCharsets.UTF_8);

  private final FixedAnswerServer server;
  private final AmoCrmClient client;
  private final OkHttpClient http;
  private final Request request;
  private final Path tokensJson;
  private final okhttp3.HttpUrl accountUrl;

  HotPath() {
    this.server = FixedAnswerServer.start(ACCOUNT_JSON, "application/hal+json");
    String token = Bench.longLivedJwt(Instant.now().plus(Duration.ofDays(365)));
    this.client = AmoCrmClient.builder()
        .accountDomain(Bench.DOMAIN)
        .baseUrl(server.url())
        .clientId(Bench.clientId())
        .longLivedToken(token)
        .rateLimit(Bench.UNLIMITED)
        .build();
    this.http = new OkHttpClient();
    this.accountUrl = server.url().resolve("/api/v4/account");
    this.request = new Request.Builder().url(accountUrl)
        .header("Authorization", "Bearer " + token).build();
    try {
      Path dir = Bench.freshDir("node-tokens");
      this.tokensJson = dir.resolve("tokens.json");
      Files.writeString(tokensJson, "{\"access_token\":\"" + token + "\",\"refresh_token\":\""
          + "def50200" + "a".repeat(600) + "\",\"created_at\":" + Instant.now().getEpochSecond()
          + ",\"expires_in\":86400}\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The library: one {@code GET /api/v4/account} through {@code AmoCrmClient}. */
  Account library() {
    return client.account();
  }

  /** The baseline: bare OkHttp with a fixed header, stock Moshi. */
  BareJson.Account bare() throws IOException {
    return call(request);
  }

  /** The old Node deployment: {@code tokens.json} read and parsed for every request. */
  BareJson.Account nodeWay() throws IOException {
    byte[] bytes = Files.readAllBytes(tokensJson);
    BareJson.NodeTokens tokens = BareJson.NODE_TOKENS.fromJson(
        new String(bytes, StandardCharsets.UTF_8));
    if (tokens == null) {
      throw new IOException("tokens.json holds null");
    }
    return call(new Request.Builder().url(accountUrl)
        .header("Authorization", "Bearer " + tokens.accessToken()).build());
  }

  private BareJson.Account call(Request r) throws IOException {
    try (Response response = http.newCall(r).execute()) {
      ResponseBody body = response.body();
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code());
      }
      BareJson.Account account = BareJson.ACCOUNT.fromJson(body.source());
      if (account == null) {
        throw new IOException("null account");
      }
      return account;
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    server.close();
    Bench.deleteTree(tokensJson.getParent());
  }
}
