package io.github.farolero.amocrm.testkit;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Routes every request of a {@link MockAmoCrmServer}, in amoCRM's order: a blocked account gets
 * the 403 HTML page (token endpoint included); an API request is counted, then passes the rate
 * window (429 HTML beyond it), the scripted faults, the account switches (402, 403 code 113),
 * latency, the Bearer check (401), and the routes.
 */
final class MockRouter extends mockwebserver3.Dispatcher {

  private final MockAmoCrmServer amo;
  /** The domain this server plays: the account's first, or one it moved to. */
  private final String host;

  MockRouter(MockAmoCrmServer amo, String host) {
    this.amo = amo;
    this.host = host;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    amo.hostRequests.computeIfAbsent(host, k -> new AtomicInteger()).incrementAndGet();
    if (path.equals("/oauth2/account/current/subdomain")) {
      return subdomain(request);
    }
    boolean api = path.startsWith("/api/v4/");
    if (!host.equals(amo.currentDomain)) {
      // The account left this domain (unconfirmed how amoCRM answers here): the API refuses the
      // token, and the token endpoint knows no such account.
      if (api) {
        amo.unauthorizedApiCalls.incrementAndGet();
        return amo.api.problem(401, "Unauthorized", "Account is not at " + host).build();
      }
      return amo.api.problem(404, "Not Found", "No account at " + host).build();
    }
    if (api) {
      amo.apiCalls.incrementAndGet();
      amo.requests.computeIfAbsent(request.getMethod() + " " + path,
          k -> new AtomicInteger()).incrementAndGet();
      amo.lastApiHeaders = request.getHeaders();
      amo.lastApiUrl = request.getUrl();
    }
    if (amo.blocked) {
      return new MockResponse.Builder().code(403)
          .addHeader("Content-Type", "text/html").body(MockJson.HTML_403).build();
    }
    if (path.equals("/oauth2/access_token")) {
      return tokenEndpoint(request);
    }
    if (api) {
      return api(request, path.substring("/api/v4/".length()));
    }
    return amo.api.problem(404, "Not Found", "No such route in MockAmoCrmServer: " + path)
        .build();
  }

  private MockResponse api(RecordedRequest request, String path) {
    if (!amo.window.admit()) {
      amo.tooManyRequests.incrementAndGet();
      return amo.api.withId(new MockResponse.Builder().code(429)
          .addHeader("Content-Type", "text/html").body(MockJson.html(429, "Too Many Requests")))
          .build();
    }
    MockResponse scripted = amo.faults.poll();
    if (scripted != null) {
      if (scripted.getCode() == 401) {
        amo.unauthorizedApiCalls.incrementAndGet(); // counted like any 401, scripted or not
      }
      return amo.faults.delayed(scripted.newBuilder()).build();
    }
    return amo.faults.delayed(checked(request, path)).build();
  }

  private MockResponse.Builder checked(RecordedRequest request, String path) {
    if (amo.paymentRequired) {
      return amo.api.problem(402, "Payment Required", "Account is not paid");
    }
    if (amo.ipDenied) {
      // amoCRM's account-level error 113, in its older JSON shape (unconfirmed for API v4).
      Map<String, Object> response = new HashMap<>();
      response.put("error", "Access to this account is denied from your IP address");
      response.put("error_code", "113");
      response.put("ip", "127.0.0.1");
      response.put("domain", amo.accountDomain());
      return amo.api.json(403, Map.of("response", response), "application/json");
    }
    String auth = request.getHeaders().get("Authorization");
    String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
    if (token == null || !amo.oauth.isValidAccessToken(token)) {
      amo.unauthorizedApiCalls.incrementAndGet();
      return amo.api.problem(401, "Unauthorized", token == null
          ? "Authorization header is missing" : "Access token is invalid or expired");
    }
    return amo.api.handle(request, path);
  }

  /**
   * {@code GET /oauth2/account/current/subdomain} with {@code X-Refresh-Token}: where the account
   * is now, for a live refresh token; 401 otherwise. Served by every host of the mock.
   */
  private MockResponse subdomain(RecordedRequest request) {
    amo.subdomainCalls.incrementAndGet();
    String refresh = request.getHeaders().get("X-Refresh-Token");
    if (!"GET".equals(request.getMethod()) || refresh == null
        || !amo.oauth.hasLiveRefreshToken(refresh)) {
      return amo.api.problem(401, "Unauthorized", "Refresh token is invalid").build();
    }
    String domain = amo.currentDomain;
    int dot = domain.indexOf('.');
    Map<String, Object> json = new HashMap<>();
    json.put("id", MockApi.ACCOUNT_ID);
    json.put("subdomain", domain.substring(0, dot));
    json.put("domain", domain);
    json.put("top_level_domain", domain.substring(domain.lastIndexOf('.') + 1));
    return amo.api.json(200, json, "application/json").build();
  }

  private MockResponse tokenEndpoint(RecordedRequest request) {
    long latency = amo.tokenLatencyMillis.get();
    long bodyDelay = amo.tokenBodyDelayMillis.get();
    MockResponse scripted;
    synchronized (amo.scriptedTokenResponses) {
      scripted = amo.scriptedTokenResponses.poll();
    }
    MockResponse.Builder answer;
    if (scripted != null) {
      amo.oauth.tokenEndpointCalls.incrementAndGet();
      answer = scripted.newBuilder();
    } else if (!"POST".equals(request.getMethod())) {
      answer = amo.api.problem(405, "Method Not Allowed", "use POST");
    } else {
      MockOAuth.Reply reply = amo.oauth.handle(form(request));
      answer = amo.api.json(reply.status(), Objects.requireNonNull(reply.json()),
          reply.status() == 200 ? "application/json" : "application/problem+json");
    }
    if (latency > 0) {
      answer.headersDelay(latency, TimeUnit.MILLISECONDS);
    }
    if (bodyDelay > 0) {
      // mockwebserver3 flushes the status line and headers before it sleeps for the body.
      answer.bodyDelay(bodyDelay, TimeUnit.MILLISECONDS);
    }
    return answer.build();
  }

  /** Reads a token request body, JSON or form-urlencoded, as amoCRM accepts both. */
  private static Map<String, String> form(RecordedRequest request) {
    String body = MockApi.body(request);
    Map<String, String> out = new HashMap<>();
    String type = request.getHeaders().get("Content-Type");
    if (type != null && type.contains("json")) {
      try {
        Map<String, Object> m = MockJson.MAP.fromJson(body);
        if (m != null) {
          m.forEach((k, v) -> out.put(k, v == null ? null : String.valueOf(v)));
        }
      } catch (IOException | RuntimeException e) {
        // An unreadable body leaves the fields empty; the token rules refuse it.
      }
      return out;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
