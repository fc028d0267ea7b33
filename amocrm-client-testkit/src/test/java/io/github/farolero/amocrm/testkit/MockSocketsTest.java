package io.github.farolero.amocrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * {@link MockAmoCrmServer}'s connections have {@code TCP_NODELAY} on. With Nagle's algorithm on
 * (MockWebServer's default), a page's last short write waited for the client's delayed ACK: about
 * 40 ms on 10 to 30 % of 115 KB pages over a kept-alive connection, in every user's test that
 * pages. This checks the socket option rather than timing, so it cannot flake on a busy machine.
 */
class MockSocketsTest {

  @Test
  void everyConnectionTheMockAcceptsHasNagleOff() throws Exception {
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit().start()) {
      amo.seedLeads(500);
      String token = amo.issueLongLivedToken(Duration.ofDays(1)).accessToken();
      for (int i = 0; i < 3; i++) {
        // A client each: a fresh connection each, as users' tests make.
        OkHttpClient http = new OkHttpClient();
        for (int page = 1; page <= 2; page++) {
          Request request = new Request.Builder()
              .url(amo.baseUrl().newBuilder().addPathSegments("api/v4/leads")
                  .addQueryParameter("limit", "250")
                  .addQueryParameter("page", Integer.toString(page)).build())
              .header("Authorization", "Bearer " + token).build();
          try (Response response = http.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).contains("\"leads\"");
          }
        }
        http.connectionPool().evictAll();
      }
      assertThat(amo.sockets.accepted()).as("connections accepted through the factory")
          .isGreaterThanOrEqualTo(3);
      assertThat(amo.sockets.acceptedWithNagle()).as("connections left with Nagle on").isZero();
    }
  }

  @Test
  void theFactorysSocketsAcceptWithNoDelay() throws Exception {
    NoDelayServerSocketFactory factory = new NoDelayServerSocketFactory();
    try (ServerSocket server = factory.createServerSocket(0, 1,
            InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      assertThat(client.getTcpNoDelay()).as("a plain socket's default").isFalse();
      assertThat(accepted.getTcpNoDelay()).isTrue();
      assertThat(factory.accepted()).isEqualTo(1);
    }
  }
}
