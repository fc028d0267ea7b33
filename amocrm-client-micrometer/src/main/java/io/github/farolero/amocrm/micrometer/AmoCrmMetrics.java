package io.github.farolero.amocrm.micrometer;

import io.github.farolero.amocrm.RequestListener;
import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.auth.TokenListener;
import io.github.farolero.amocrm.auth.TokenSession;
import io.github.farolero.amocrm.auth.TokenStatus;
import io.github.farolero.amocrm.error.AmoCrmException;
import io.github.farolero.amocrm.store.GrantKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The client's token engine and request path as Micrometer meters: refreshes by outcome, the
 * token endpoint's latency, grants that need re-authorization, failed store writes, each grant's
 * access-token time left and pair age, rate-limiter waits and queue, requests by method, path
 * template and status, 429s, bans, and retries by reason.
 *
 * <p>It is both a {@link TokenListener} and a {@link RequestListener}: give it to every client
 * whose work it should count (one instance may serve many clients and accounts).
 *
 * <pre>{@code
 * AmoCrmMetrics metrics = AmoCrmMetrics.builder(registry)
 *     .commonTags(Tags.of("application", "crm-sync"))
 *     .build();
 * AmoCrmClient client = AmoCrmClient.builder()
 *     // ... account, credentials, store ...
 *     .tokenListener(metrics)
 *     .requestListener(metrics)
 *     .build();
 * metrics.track(client.tokens()); // the grant's gauges from now on, before its first refresh
 * }</pre>
 *
 * <p>The per-grant gauges ({@code amocrm.token.access.remaining}, {@code amocrm.token.refresh.age},
 * tagged {@code grant}) show the last pair this process saw for the grant: one it refreshed, or
 * one read by {@link #track(TokenSession)} or given to {@link #record(TokenStatus)}. A pair another
 * process refreshed shows after the next of those. At most {@link Builder#maxTrackedGrants(int)}
 * grants get gauges of their own (default 100); the others are counted in {@code
 * amocrm.token.grants.untracked}. Paths are tagged with their template ({@code
 * /api/v4/leads/{id}}), at most {@link Builder#maxPaths(int)} of them (default 200), the rest as
 * {@code other}.
 *
 * <p>Never a token in a meter: the values heard carry none, and a grant is tagged with its
 * {@link GrantKey} (the account's domain and the integration's client id). Thread-safe. Meters are
 * registered as events first come; nothing is held but the meters and the last status of each
 * tracked grant (no client, no session).
 */
public final class AmoCrmMetrics implements TokenListener, RequestListener {

  /** The tag a path beyond {@link Builder#maxPaths(int)} distinct templates carries. */
  public static final String OTHER_PATH = "other";

  private final MeterRegistry registry;
  private final Tags common;
  private final int maxTrackedGrants;
  private final int maxPaths;
  private final Clock clock;

  private final Counter refreshSuccess;
  private final Counter refreshFailure;
  private final Counter reauthorization;
  private final Counter storeWriteFailures;
  private final Timer rateLimitWait;
  private final AtomicInteger queue = new AtomicInteger();
  private final Counter tooManyRequests;
  private final Counter bans;
  private final Map<RequestListener.RetryReason, Counter> retries =
      new ConcurrentHashMap<>();
  private final Map<String, Timer> requests = new ConcurrentHashMap<>();
  private final Map<String, Timer> tokenEndpoint = new ConcurrentHashMap<>();
  private final Set<String> paths = ConcurrentHashMap.newKeySet();
  private final Map<GrantKey, GrantState> grants = new ConcurrentHashMap<>();
  private final Set<GrantKey> untracked = ConcurrentHashMap.newKeySet();

  private AmoCrmMetrics(Builder b) {
    this.registry = b.registry;
    this.common = b.common;
    this.maxTrackedGrants = b.maxTrackedGrants;
    this.maxPaths = b.maxPaths;
    this.clock = b.clock;
    this.refreshSuccess = counter("amocrm.token.refreshes", "Token refreshes, by outcome",
        Tags.of("outcome", "success"));
    this.refreshFailure = counter("amocrm.token.refreshes", "Token refreshes, by outcome",
        Tags.of("outcome", "failure"));
    this.reauthorization = counter("amocrm.token.reauthorization.required",
        "Grants found dead: a person must authorize them again", Tags.empty());
    this.storeWriteFailures = counter("amocrm.token.store.write.failures",
        "Refreshed pairs the token store did not take after every attempt", Tags.empty());
    this.rateLimitWait = Timer.builder("amocrm.ratelimit.wait")
        .description("How long requests waited for their turn under the rate limit")
        .tags(common).register(registry);
    Gauge.builder("amocrm.ratelimit.queue", queue, AtomicInteger::get)
        .description("Requests queued for a turn when the last request got its own")
        .tags(common).register(registry);
    this.tooManyRequests = counter("amocrm.responses.429",
        "429 Too Many Requests answers; each pauses the integration's requests", Tags.empty());
    this.bans = counter("amocrm.responses.403.ban",
        "403 ban answers; each stops the account's requests for a cool-down", Tags.empty());
    Gauge.builder("amocrm.token.grants.untracked", untracked, Set::size)
        .description("Grants seen beyond maxTrackedGrants, without gauges of their own")
        .tags(common).register(registry);
  }

  /**
   * Returns a builder of metrics registered in {@code registry}.
   *
   * @param registry where the meters go
   * @return a new builder
   */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /**
   * Gives the grant of {@code session} its gauges (if it is within {@link
   * Builder#maxTrackedGrants(int)}) and records its current status, read now from the session
   * (which may read the token store). No reference to the session is kept.
   *
   * @param session a client's token session ({@code client.tokens()})
   * @return this
   */
  public AmoCrmMetrics track(TokenSession session) {
    Objects.requireNonNull(session, "session == null");
    GrantState state = state(session.key());
    if (state != null) {
      session.status().ifPresent(state::set);
    }
    return this;
  }

  /**
   * Records a grant's status for its gauges (a health check's or a keeper's reading); a status
   * older than the one recorded (a lower version of the same issue time) is ignored.
   *
   * @param status the status
   * @return this
   */
  public AmoCrmMetrics record(TokenStatus status) {
    Objects.requireNonNull(status, "status == null");
    GrantState state = state(status.key());
    if (state != null) {
      state.set(status);
    }
    return this;
  }

  /** Counts a refresh as a success and records the new pair for the grant's gauges. */
  @Override
  public void onRefreshed(TokenStatus status) {
    refreshSuccess.increment();
    record(status);
  }

  /** Counts a refresh as a failure. */
  @Override
  public void onRefreshFailed(GrantKey key, AmoCrmException error) {
    refreshFailure.increment();
  }

  /** Counts a grant found dead. */
  @Override
  public void onReauthorizationRequired(ReauthorizationRequiredException error) {
    reauthorization.increment();
  }

  /** Counts a refreshed pair the store did not take. */
  @Override
  public void onStoreWriteFailed(GrantKey key, RuntimeException error) {
    storeWriteFailures.increment();
  }

  /** Times the request in {@code amocrm.requests} under its method, path template and status. */
  @Override
  public void onResponse(String method, String pathTemplate, int status, Duration duration,
      int attempt) {
    request(method, pathTemplate, Integer.toString(status)).record(duration);
  }

  /** Times the request in {@code amocrm.requests} with status {@code IO_ERROR}. */
  @Override
  public void onFailure(String method, String pathTemplate, Duration duration, int attempt,
      IOException error) {
    request(method, pathTemplate, "IO_ERROR").record(duration);
  }

  /** Counts a retry in {@code amocrm.retries} under its reason. */
  @Override
  public void onRetry(String method, String pathTemplate, RetryReason reason, Duration delay,
      int attempt) {
    retries.computeIfAbsent(reason, r -> counter("amocrm.retries",
        "Requests sent again, by reason", Tags.of("reason", r.name().toLowerCase(Locale.ROOT))))
        .increment();
  }

  /** Times the wait in {@code amocrm.ratelimit.wait} and sets {@code amocrm.ratelimit.queue}. */
  @Override
  public void onRateLimitWait(Duration waited, int queued) {
    rateLimitWait.record(waited);
    queue.set(queued);
  }

  /** Counts a 429. */
  @Override
  public void onTooManyRequests(Duration pause) {
    tooManyRequests.increment();
  }

  /** Counts a ban. */
  @Override
  public void onBan(Duration coolDown) {
    bans.increment();
  }

  /**
   * Times the token endpoint's call in {@code amocrm.token.endpoint} under its grant type and
   * outcome ({@code success} for a 2xx answer, else {@code failure}).
   */
  @Override
  public void onTokenEndpoint(GrantKey key, String grantType, int status, Duration duration) {
    String outcome = status >= 200 && status < 300 ? "success" : "failure";
    String type = grantType.equals("refresh_token") || grantType.equals("authorization_code")
        ? grantType : "other";
    tokenEndpoint.computeIfAbsent(type + ' ' + outcome, k -> Timer.builder("amocrm.token.endpoint")
        .description("Calls of amoCRM's token endpoint, by grant type and outcome")
        .tags(common).tag("grant_type", type).tag("outcome", outcome).register(registry))
        .record(duration);
  }

  @Override
  public String toString() {
    return "AmoCrmMetrics{" + grants.size() + " grants tracked, " + untracked.size()
        + " untracked}";
  }

  private Timer request(String method, String path, String status) {
    String p = paths.contains(path) ? path : admitPath(path);
    return requests.computeIfAbsent(method + ' ' + p + ' ' + status, k ->
        Timer.builder("amocrm.requests")
            .description("API requests, by method, path template and status")
            .tags(common).tag("method", method).tag("path", p).tag("status", status)
            .register(registry));
  }

  private synchronized String admitPath(String path) {
    if (paths.contains(path)) {
      return path;
    }
    if (paths.size() >= maxPaths) {
      return OTHER_PATH;
    }
    paths.add(path);
    return path;
  }

  private Counter counter(String name, String description, Tags tags) {
    return Counter.builder(name).description(description).tags(common).tags(tags)
        .register(registry);
  }

  /** Returns the grant's state, made with its gauges if there is room; null if untracked. */
  private @Nullable GrantState state(GrantKey key) {
    GrantState state = grants.get(key);
    if (state != null) {
      return state;
    }
    synchronized (this) {
      state = grants.get(key);
      if (state != null) {
        return state;
      }
      if (grants.size() >= maxTrackedGrants) {
        untracked.add(key);
        return null;
      }
      GrantState made = new GrantState();
      Tags tags = common.and(Tag.of("grant", key.toString()));
      Gauge.builder("amocrm.token.access.remaining", made, s -> s.remaining(clock))
          .description("Seconds until the grant's access token expires (negative: expired)")
          .baseUnit("seconds").tags(tags).register(registry);
      Gauge.builder("amocrm.token.refresh.age", made, s -> s.age(clock))
          .description("Seconds since the grant's refresh token was issued (NaN: long-lived)")
          .baseUnit("seconds").tags(tags).register(registry);
      grants.put(key, made);
      return made;
    }
  }

  /** The last status seen of one grant: read by its gauges. */
  private static final class GrantState {
    private volatile @Nullable TokenStatus status;

    synchronized void set(TokenStatus next) {
      TokenStatus now = status;
      if (now == null || next.issuedAt().isAfter(now.issuedAt())
          || (next.issuedAt().equals(now.issuedAt()) && next.version() >= now.version())) {
        status = next;
      }
    }

    double remaining(Clock clock) {
      TokenStatus s = status;
      return s == null ? Double.NaN
          : Duration.between(clock.instant(), s.expiresAt()).toMillis() / 1000.0;
    }

    double age(Clock clock) {
      TokenStatus s = status;
      return s == null || s.longLived() ? Double.NaN
          : Duration.between(s.issuedAt(), clock.instant()).toMillis() / 1000.0;
    }
  }

  /**
   * Builds {@link AmoCrmMetrics}. Setters check their argument at once. Not thread-safe.
   */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags common = Tags.empty();
    private int maxTrackedGrants = 100;
    private int maxPaths = 200;
    private Clock clock = Clock.systemUTC();

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry == null");
    }

    /**
     * Adds tags every meter carries, such as {@code application}. Default: none.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder commonTags(Iterable<Tag> tags) {
      Objects.requireNonNull(tags, "tags == null");
      this.common = common.and(tags);
      return this;
    }

    /**
     * Sets how many grants get gauges of their own (tagged {@code grant}); the others are counted
     * in {@code amocrm.token.grants.untracked}. Default 100.
     *
     * @param max the most grants, 0 for none
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public Builder maxTrackedGrants(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("maxTrackedGrants < 0: " + max);
      }
      this.maxTrackedGrants = max;
      return this;
    }

    /**
     * Sets how many distinct path templates {@code amocrm.requests} is tagged with; the others are
     * tagged {@value AmoCrmMetrics#OTHER_PATH}. Default 200.
     *
     * @param max the most paths, 0 for none
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public Builder maxPaths(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("maxPaths < 0: " + max);
      }
      this.maxPaths = max;
      return this;
    }

    /**
     * Sets the clock the per-grant gauges measure time left and age with. Default {@link
     * Clock#systemUTC()}; give the clients' clock where they have another.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Registers the meters that exist from the start and returns the metrics.
     *
     * @return the metrics
     */
    public AmoCrmMetrics build() {
      return new AmoCrmMetrics(this);
    }
  }
}
