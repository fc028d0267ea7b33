package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.RequestListener;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a rate-limiter permit for every API request that goes on the wire, and tells the limiter
 * what amoCRM answered (a 429 pauses everyone, a 403 ban stops everyone for a cool-down).
 *
 * <p>Installed twice. As an application interceptor (inside the auth interceptor, so a retry
 * after a 401 takes a turn too, ahead of the queue) it waits for a permit before a connection is
 * taken (so waiting threads hold no sockets), tags the request with it, and gives it back when the
 * response headers arrive. As a network interceptor (just before the bearer interceptor) it sees
 * every request actually sent: the first one uses the tagged permit; another (a redirect, a
 * silent retry of OkHttp) waits for a permit of its own, and gets its token after that wait.
 *
 * <p>A third form, {@link #observer}, takes no turns: the token endpoint's client uses it to be
 * refused during a ban's cool-down and to report a ban it meets.
 */
public final class RateLimitInterceptor implements Interceptor {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.api");

  private enum Mode { APPLICATION, NETWORK, OBSERVER }

  private final RateLimiters.Lane lane;
  private final RateLimiters.@Nullable Lane account;
  private final Mode mode;
  private final Clock clock;
  /** Hears waits, 429s and bans; {@link RequestListener#NONE} (checked by identity) for none. */
  private final RequestListener listener;

  private RateLimitInterceptor(RateLimiters.Lane lane, RateLimiters.@Nullable Lane account,
      Mode mode, Clock clock) {
    this(lane, account, mode, clock, RequestListener.NONE);
  }

  private RateLimitInterceptor(RateLimiters.Lane lane, RateLimiters.@Nullable Lane account,
      Mode mode, Clock clock, RequestListener listener) {
    this.lane = lane;
    this.account = account;
    this.mode = mode;
    this.clock = clock;
    this.listener = RequestEvents.safe(listener);
  }

  /**
   * Returns this interceptor telling {@code listener} of each wait for a turn, each 429 and each
   * ban it sees.
   */
  public RateLimitInterceptor withListener(RequestListener listener) {
    return new RateLimitInterceptor(lane, account, mode, clock, listener);
  }

  /** The application interceptor: add it right after the auth interceptor. */
  public static RateLimitInterceptor application(RateLimiters.Lane lane, Clock clock) {
    return application(lane, null, clock);
  }

  /**
   * The application interceptor, taking a turn in the account-wide lane too (after the
   * integration's) if there is one.
   */
  public static RateLimitInterceptor application(RateLimiters.Lane lane,
      RateLimiters.@Nullable Lane account, Clock clock) {
    return new RateLimitInterceptor(lane, account, Mode.APPLICATION, clock);
  }

  /** The network interceptor: add it right before the bearer interceptor. */
  public static RateLimitInterceptor network(RateLimiters.Lane lane, Clock clock) {
    return network(lane, null, clock);
  }

  /** The network interceptor, with the account-wide lane if there is one. */
  public static RateLimitInterceptor network(RateLimiters.Lane lane,
      RateLimiters.@Nullable Lane account, Clock clock) {
    return new RateLimitInterceptor(lane, account, Mode.NETWORK, clock);
  }

  /** A network interceptor that takes no turns but honours and reports bans. */
  public static RateLimitInterceptor observer(RateLimiters.Lane lane, Clock clock) {
    return observer(lane, null, clock);
  }

  /** The observer, honouring and reporting bans in the account-wide lane too. */
  public static RateLimitInterceptor observer(RateLimiters.Lane lane,
      RateLimiters.@Nullable Lane account, Clock clock) {
    return new RateLimitInterceptor(lane, account, Mode.OBSERVER, clock);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    switch (mode) {
      case APPLICATION: {
        Attempt attempt = request.tag(Attempt.class);
        SlidingWindowLimiter.Permit permit = acquire(attempt != null && attempt.retry());
        try {
          if (attempt != null) {
            attempt.permit(permit); // the network side claims it from there: no rebuild
            return chain.proceed(request);
          }
          return chain.proceed(
              request.newBuilder().tag(SlidingWindowLimiter.Permit.class, permit).build());
        } finally {
          permit.release();
          if (attempt != null) {
            attempt.permit(null);
          }
        }
      }
      case NETWORK: {
        Attempt attempt = request.tag(Attempt.class);
        SlidingWindowLimiter.Permit tagged = attempt != null ? attempt.permit()
            : request.tag(SlidingWindowLimiter.Permit.class);
        if (tagged != null && tagged.claimWire()) {
          return observed(chain.proceed(request), tagged);
        }
        SlidingWindowLimiter.Permit permit = acquire(false);
        try {
          return observed(chain.proceed(request), permit);
        } finally {
          permit.release();
        }
      }
      default: {
        lane.checkNotBanned();
        if (account != null) {
          account.checkNotBanned();
        }
        Response response = chain.proceed(request);
        boolean ban = isBan(response);
        long pause = pauseNanos(response);
        report(ban, pause);
        if (ban || pause >= 0) {
          lane.answered(ban, pause);
          if (account != null) {
            account.answered(ban, pause);
          }
        }
        return response;
      }
    }
  }

  private Response observed(Response response, SlidingWindowLimiter.Permit permit)
      throws IOException {
    boolean ban = isBan(response);
    long pause = pauseNanos(response);
    report(ban, pause);
    permit.answered(ban, pause);
    return response;
  }

  private void report(boolean ban, long pauseNanos) {
    if (listener != RequestListener.NONE) {
      if (ban) {
        listener.onBan(lane.limit().banCoolDown());
      } else if (pauseNanos >= 0) {
        listener.onTooManyRequests(Duration.ofNanos(pauseNanos));
      }
    }
    if (ban) {
      log.error("amoCRM answered 403 with a ban to a request of {}; nothing more is sent for {} s,"
          + " then one request probes", lane, lane.limit().banCoolDown().toSeconds());
    } else if (pauseNanos >= 0) {
      log.warn("amoCRM answered 429 to a request of {}; every request of this integration and"
          + " account pauses {} ms", lane, TimeUnit.NANOSECONDS.toMillis(pauseNanos));
    }
  }

  private static boolean isBan(Response response) throws IOException {
    return response.code() == 403
        && ApiErrors.isBan(403, response.peekBody(ApiErrors.MAX_PEEK).string());
  }

  /** For a 429: how long everyone pauses (its Retry-After, or one window); else -1. */
  private long pauseNanos(Response response) {
    if (response.code() != 429) {
      return -1;
    }
    String original = response.header(RetryAfterGuard.ORIGINAL);
    @Nullable Duration retryAfter = RetryDelays.retryAfter(
        original != null ? original : response.header("Retry-After"), clock);
    return Math.max(0, Durations.nanos(retryAfter != null ? retryAfter : lane.limit().window()));
  }

  private SlidingWindowLimiter.Permit acquire(boolean priority) throws IOException {
    if (listener == RequestListener.NONE) {
      return take(priority);
    }
    long start = System.nanoTime();
    SlidingWindowLimiter.Permit permit = take(priority);
    listener.onRateLimitWait(Duration.ofNanos(System.nanoTime() - start), lane.queued());
    return permit;
  }

  private SlidingWindowLimiter.Permit take(boolean priority) throws IOException {
    try {
      SlidingWindowLimiter.Permit permit = lane.acquire(priority);
      if (account != null) {
        boolean both = false;
        try {
          permit.attach(account.acquire(priority));
          both = true;
        } finally {
          if (!both) {
            permit.abandon(); // not sent: the integration's turn is not counted
          }
        }
      }
      return permit;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted while waiting for a turn"
          + " under the rate limit " + lane.limit());
      io.initCause(e);
      throw io;
    }
  }
}
