package io.github.farolero.amocrm.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Takes a rate-limiter permit for every API request that goes on the wire.
 *
 * <p>Installed twice. As the innermost application interceptor it waits for a permit before a
 * connection is taken (so waiting threads hold no sockets), tags the request with it, and gives it
 * back when the response headers arrive. As a network interceptor it sees every request actually
 * sent: the first one uses the tagged permit; another (a redirect, a silent retry of OkHttp) waits
 * for a permit of its own. The auth interceptor's retry after a 401 passes through both, so it is
 * counted as well.
 */
public final class RateLimitInterceptor implements Interceptor {

  private final RateLimiters.Lane lane;
  private final boolean network;

  private RateLimitInterceptor(RateLimiters.Lane lane, boolean network) {
    this.lane = lane;
    this.network = network;
  }

  /** The application interceptor: add it after the auth interceptor. */
  public static RateLimitInterceptor application(RateLimiters.Lane lane) {
    return new RateLimitInterceptor(lane, false);
  }

  /** The network interceptor: add it last. */
  public static RateLimitInterceptor network(RateLimiters.Lane lane) {
    return new RateLimitInterceptor(lane, true);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    SlidingWindowLimiter.Permit tagged = request.tag(SlidingWindowLimiter.Permit.class);
    if (network && tagged != null && tagged.claimWire()) {
      try {
        return chain.proceed(request);
      } finally {
        tagged.release();
      }
    }
    SlidingWindowLimiter.Permit permit = acquire();
    try {
      Request sent = network ? request
          : request.newBuilder().tag(SlidingWindowLimiter.Permit.class, permit).build();
      return chain.proceed(sent);
    } finally {
      permit.release();
    }
  }

  private SlidingWindowLimiter.Permit acquire() throws IOException {
    try {
      return lane.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted while waiting for a turn"
          + " under the rate limit " + lane.limit());
      io.initCause(e);
      throw io;
    }
  }
}
