package io.github.farolero.amocrm.testkit;

import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The mock's webhooks: {@code GET/POST/DELETE /api/v4/webhooks}, and delivery. When a lead, a
 * contact or a company changes through the mock's API (or is deleted through {@link
 * MockAmoCrmServer#deleteEntity}), every subscription to
 * that event gets amoCRM's form-encoded body POSTed, from one background thread in order. Only
 * loopback destinations are delivered to (a test must not reach out); a failing destination is
 * counted and never fails the API call. Thread-safe.
 */
final class MockWebhooks implements AutoCloseable {

  /** amoCRM's event names: {@code <action>_<entity>}. */
  private static final Pattern SETTING = Pattern.compile(
      "(add|update|delete|restore|status|responsible|note)_(lead|contact|company|customer|task)"
          + "|(add|update|delete)_(unsorted|talk|chat_template)|add_message");
  private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");

  /**
   * One change: the entity ({@code leads}, {@code contacts}, {@code companies}), the action
   * ({@code add}, {@code status}...), the entity after it and before it.
   */
  record Change(String entity, String action, Map<String, Object> lead,
      @Nullable Map<String, Object> before) {

    /** The subscription event: {@code status_lead}, {@code add_contact}, {@code update_company}. */
    String event() {
      return action + "_" + switch (entity) {
        case "contacts" -> "contact";
        case "companies" -> "company";
        default -> "lead";
      };
    }

    /**
     * The body's group: {@code leads}, or {@code contacts} for contacts and companies alike
     * (amoCRM sends a company under {@code contacts}, with {@code type=company}).
     */
    String group() {
      return entity.equals("leads") ? "leads" : "contacts";
    }
  }

  private final MockApi api;
  private final String accountDomain;
  private final List<Map<String, Object>> subscriptions = new ArrayList<>(); // guarded by this
  private long nextId = 1;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "mock-amocrm-webhooks");
    t.setDaemon(true);
    return t;
  });
  private final OkHttpClient http = new OkHttpClient.Builder()
      .connectTimeout(Duration.ofSeconds(5))
      .readTimeout(Duration.ofSeconds(5)) // a destination that does not answer holds the queue
      .retryOnConnectionFailure(false)
      .followRedirects(false)
      .build();
  final AtomicInteger delivered = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();

  MockWebhooks(MockApi api, String accountDomain) {
    this.api = api;
    this.accountDomain = accountDomain;
  }

  MockResponse.Builder handle(RecordedRequest request, @Nullable Object body) {
    return switch (request.getMethod()) {
      case "GET" -> list(request.getUrl().queryParameter("filter[destination]"));
      case "POST" -> subscribe(MockJson.asMap(body));
      case "DELETE" -> unsubscribe(MockJson.asMap(body));
      default -> api.problem(405, "Method Not Allowed", request.getMethod() + " webhooks");
    };
  }

  private synchronized MockResponse.Builder list(@Nullable String destination) {
    List<Object> out = new ArrayList<>();
    for (Map<String, Object> s : subscriptions) {
      if (destination == null || destination.equals(s.get("destination"))) {
        out.add(s);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("_total_items", out.size());
    body.put("_embedded", Map.of("webhooks", out));
    return api.json(200, body, "application/hal+json");
  }

  private synchronized MockResponse.Builder subscribe(@Nullable Map<String, Object> in) {
    List<MockValidation.Error> errors = new ArrayList<>();
    Object destination = in == null ? null : in.get("destination");
    if (!(destination instanceof String d) || HttpUrl.parse(d) == null) {
      errors.add(new MockValidation.Error("0", "InvalidUrl", "destination",
          "This value is not a valid URL."));
    }
    Object settings = in == null ? null : in.get("settings");
    if (!(settings instanceof List<?> list) || list.isEmpty()) {
      errors.add(new MockValidation.Error("0", "NotBlank", "settings",
          "This value should not be blank."));
    } else {
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof String s) || !SETTING.matcher(s).matches()) {
          errors.add(new MockValidation.Error("0", "NotSupportedChoice", "settings." + i,
              "The value you selected is not a valid choice."));
        }
      }
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    Map<String, Object> s = null;
    for (Map<String, Object> existing : subscriptions) {
      if (destination.equals(existing.get("destination"))) {
        s = existing;
      }
    }
    long now = api.now();
    if (s == null) {
      s = new LinkedHashMap<>();
      s.put("id", nextId++);
      s.put("destination", destination);
      s.put("created_at", now);
      s.put("created_by", MockSeed.USER_ID);
      s.put("sort", 10);
      s.put("disabled", false);
      subscriptions.add(s);
    }
    s.put("updated_at", now);
    s.put("settings", new ArrayList<>((List<?>) settings));
    // The answer is the subscription as a bare object, not HAL.
    return api.json(200, s, "application/hal+json");
  }

  private synchronized MockResponse.Builder unsubscribe(@Nullable Map<String, Object> in) {
    Object destination = in == null ? null : in.get("destination");
    if (!(destination instanceof String)) {
      return api.invalid(List.of(new MockValidation.Error("0", "NotBlank", "destination",
          "This value should not be blank.")));
    }
    boolean removed = subscriptions.removeIf(s -> destination.equals(s.get("destination")));
    return removed ? new MockResponse.Builder().code(204)
        : api.problem(404, "Not Found", "No webhook with this destination");
  }

  /** Sends the changes to every subscription of their events, in the background. */
  void fire(List<Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    List<String[]> deliveries = new ArrayList<>();
    synchronized (this) {
      for (Map<String, Object> s : subscriptions) {
        List<?> settings = (List<?>) s.get("settings");
        // group (leads, contacts) → action → the entities' fields, in the order they changed
        Map<String, List<Map<String, Object>>> byAction = new LinkedHashMap<>();
        for (Change c : changes) {
          if (settings.contains(c.event())) {
            byAction.computeIfAbsent(c.group() + "[" + c.action() + "]", k -> new ArrayList<>())
                .add(fields(c));
          }
        }
        if (!byAction.isEmpty()) {
          deliveries.add(new String[] {(String) s.get("destination"), body(byAction)});
        }
      }
    }
    for (String[] d : deliveries) {
      sender.execute(() -> deliver(d[0], d[1]));
    }
  }

  /** The lead's fields as amoCRM's webhook writes them: strings, old names beside new ones. */
  private Map<String, Object> fields(Change c) {
    Map<String, Object> lead = c.lead();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("id", lead.get("id"));
    f.put("name", lead.get("name"));
    if (!c.entity().equals("leads")) {
      f.put("type", c.entity().equals("companies") ? "company" : "contact");
    }
    f.put("status_id", lead.get("status_id"));
    f.put("price", lead.get("price"));
    f.put("responsible_user_id", lead.get("responsible_user_id"));
    f.put("last_modified", lead.get("updated_at"));
    f.put("modified_user_id", lead.get("updated_by"));
    f.put("created_user_id", lead.get("created_by"));
    f.put("date_create", lead.get("created_at"));
    f.put("pipeline_id", lead.get("pipeline_id"));
    f.put("account_id", lead.get("account_id"));
    f.put("created_at", lead.get("created_at"));
    f.put("updated_at", lead.get("updated_at"));
    Map<String, Object> before = c.before();
    if (before != null && c.action().equals("status")) {
      f.put("old_status_id", before.get("status_id"));
      f.put("old_pipeline_id", before.get("pipeline_id"));
    }
    if (before != null && c.action().equals("responsible")) {
      f.put("old_responsible_user_id", before.get("responsible_user_id"));
    }
    if (lead.get("custom_fields_values") instanceof List<?> fields) {
      Map<String, Object> cfs = new LinkedHashMap<>();
      for (Object o : fields) {
        Map<String, Object> field = MockJson.asMap(o);
        if (field == null) {
          continue;
        }
        Map<String, Object> cf = new LinkedHashMap<>();
        cf.put("id", field.get("field_id"));
        cf.put("name", field.get("field_name"));
        if (field.get("field_code") != null) {
          cf.put("code", field.get("field_code"));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        if (field.get("values") instanceof List<?> vs) {
          for (Object v : vs) {
            Map<String, Object> value = MockJson.asMap(v);
            if (value == null) {
              continue;
            }
            String index = Integer.toString(values.size());
            if ("date".equals(field.get("field_type"))) {
              values.put(index, value.get("value")); // the older shape: [values][M]=seconds
            } else {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("value", value.get("value"));
              if (value.get("enum_id") != null) {
                out.put("enum", value.get("enum_id"));
              }
              values.put(index, out);
            }
          }
        }
        cf.put("values", values);
        cfs.put(Integer.toString(cfs.size()), cf);
      }
      f.put("custom_fields", cfs);
    }
    return f;
  }

  private String body(Map<String, List<Map<String, Object>>> byAction) {
    List<String> pairs = new ArrayList<>();
    byAction.forEach((groupAndAction, entities) -> {
      for (int i = 0; i < entities.size(); i++) {
        flatten(groupAndAction + "[" + i + "]", entities.get(i), pairs);
      }
    });
    Map<String, Object> account = new LinkedHashMap<>();
    account.put("subdomain", accountDomain.substring(0, accountDomain.indexOf('.')));
    account.put("id", MockApi.ACCOUNT_ID);
    account.put("_links", Map.of("self", "https://" + accountDomain));
    flatten("account", account, pairs);
    return String.join("&", pairs);
  }

  private static void flatten(String prefix, Map<?, ?> group, List<String> out) {
    for (Map.Entry<?, ?> e : group.entrySet()) {
      String key = prefix + "[" + e.getKey() + "]";
      Object v = e.getValue();
      if (v instanceof Map<?, ?> m) {
        flatten(key, m, out);
      } else {
        String text = v == null ? "" : v instanceof Double d && d == Math.rint(d)
            ? Long.toString(d.longValue()) : v instanceof Boolean b ? (b ? "1" : "0")
            : String.valueOf(v);
        out.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(text, StandardCharsets.UTF_8));
      }
    }
  }

  private void deliver(String destination, String body) {
    HttpUrl url = HttpUrl.parse(destination);
    if (url == null || !isLoopback(url.host())) {
      failed.incrementAndGet();
      return;
    }
    Request request = new Request.Builder().url(url)
        .header("User-Agent", "amoCRM-WebHook-client/1.0")
        // One request per connection: a test's receiver stops without idle connections to wait on.
        .header("Connection", "close")
        .post(RequestBody.create(body, FORM)).build();
    try (Response response = http.newCall(request).execute()) {
      if (response.isSuccessful()) {
        delivered.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
    } catch (Exception e) {
      failed.incrementAndGet(); // the destination's failure is never the API call's
    }
  }

  private static boolean isLoopback(String host) {
    if (host.equals("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+") && !host.contains(":")) {
      return false; // a name: not looked up, not delivered to
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress(); // a literal: no lookup
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Waits until every webhook queued so far was delivered or failed. */
  void await(Duration timeout) throws InterruptedException, TimeoutException {
    try {
      sender.submit(() -> { }).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    sender.shutdownNow();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
