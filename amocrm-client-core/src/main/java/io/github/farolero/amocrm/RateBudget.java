package io.github.farolero.amocrm;

import io.github.farolero.amocrm.internal.FallbackBudget;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the requests of an integration are counted when it runs in more than one process: a
 * budget shared by every process (on any host) through a store they all reach, such as the
 * database the tokens live in ({@code JdbcRateBudget}) or Redis ({@code RedisRateBudget}). An
 * extension point: implement it for another store.
 *
 * <p>Without one ({@link AmoCrmClient.Builder#rateBudget}) a client counts its requests in its own
 * JVM only, and N processes of one integration send N times amoCRM's limit. With one, a request
 * first takes its turn in the JVM (so a process's own threads queue without asking the store),
 * then a turn from the shared budget, before it is sent.
 *
 * <p>The rule a budget keeps is the in-JVM limiter's, across processes: of {@code requests}
 * numbered turns (slots), a request holds one from when it is {@linkplain #tryTake taken} until
 * one {@code window} after it is {@linkplain Turn#release() released} (its answer arrived, or it
 * failed); a slot is taken only when it is free. So no window of that length, wherever it starts,
 * sees more than {@code requests} requests arrive at amoCRM, whatever the network's delays (a
 * request arrives somewhere between its take and its release). Times are the store's clock, never
 * a process's: hosts need not agree on the time. A slot whose holder died (killed, never
 * released) frees itself after the budget's lease, so a dead process stalls nobody past it.
 *
 * <p>amoCRM's answers are shared too: a 429 {@linkplain #pause pauses} the scope for every
 * process, a 403 ban {@linkplain #ban refuses} every process's requests for the cool-down.
 *
 * <p>When the store cannot be reached, the client does what the budget's {@link #fallback()}
 * says: by default the request fails with a
 * {@link io.github.farolero.amocrm.error.RateBudgetException} and is not sent; with
 * {@link Fallback#localShare(int)} it is sent under a declared share of the limit counted in the
 * JVM. Never an unbounded burst.
 *
 * <p>Implementations are thread-safe and do not wait: {@link #tryTake} answers at once, and the
 * client does the waiting (bounded by {@link RateLimit#maxWait()}).
 */
public interface RateBudget {

  /**
   * Tries to take a turn in {@code scope} under {@code limit}, now, without waiting.
   *
   * @param scope whose requests are counted together
   * @param limit how many turns fit in which window (the caller's own; callers with different
   *     limits share the count, each going only while fewer than its own {@code requests} turns
   *     are held)
   * @return a turn, or how long to wait before trying again, or the ban's time left
   * @throws RuntimeException any exception (for example
   *     {@link io.github.farolero.amocrm.error.RateBudgetException}) if the store cannot be
   *     reached; the client then applies the {@link #fallback()}
   */
  Take tryTake(Scope scope, RateLimit limit);

  /**
   * Records that amoCRM answered 429: no turn in {@code scope} is given to anyone until
   * {@code pause} has passed on the store's clock (a longer pause already running is kept).
   *
   * @param scope the scope amoCRM refused
   * @param pause how long, from now
   * @throws RuntimeException if the store cannot be reached (the client logs it)
   */
  void pause(Scope scope, Duration pause);

  /**
   * Records that amoCRM answered 403 with a ban: every process refuses requests of
   * {@code scope} locally until {@code coolDown} has passed on the store's clock.
   *
   * @param scope the banned scope
   * @param coolDown how long nothing is sent, from now
   * @throws RuntimeException if the store cannot be reached (the client logs it)
   */
  void ban(Scope scope, Duration coolDown);

  /**
   * Returns what a client does while this budget's store cannot be reached. Default
   * {@link Fallback#fail()}.
   *
   * @return the fallback
   */
  default Fallback fallback() {
    return Fallback.fail();
  }

  /**
   * Returns this budget with another {@linkplain #fallback() fallback}.
   *
   * @param fallback what to do while the store cannot be reached
   * @return a budget that takes its turns from this one
   */
  default RateBudget withFallback(Fallback fallback) {
    return FallbackBudget.of(this, fallback);
  }

  /**
   * One taken turn. Release it once, when the request's answer has arrived or the request
   * failed; it stays counted for one window after that. Thread-safe.
   */
  interface Turn {

    /**
     * Gives the turn back: its slot is free again one window from now (on the store's clock).
     * Releasing twice does nothing more.
     *
     * @throws RuntimeException if the store cannot be reached (the client logs it; the slot then
     *     frees itself after the budget's lease)
     */
    void release();
  }

  /** What {@link #tryTake} found: a turn, a wait, or a ban. Immutable. */
  final class Take {
    private final @Nullable Turn turn;
    private final Duration wait;
    private final boolean banned;

    private Take(@Nullable Turn turn, Duration wait, boolean banned) {
      this.turn = turn;
      this.wait = wait;
      this.banned = banned;
    }

    /**
     * A turn was taken.
     *
     * @param turn the turn, released by the client
     * @return the answer
     */
    public static Take granted(Turn turn) {
      return new Take(Objects.requireNonNull(turn, "turn == null"), Duration.ZERO, false);
    }

    /**
     * No slot is free (or a 429's pause runs): try again after {@code wait}, the store's best
     * guess of when a slot frees. The client may try earlier.
     *
     * @param wait how long, not negative
     * @return the answer
     * @throws IllegalArgumentException if {@code wait} is negative
     */
    public static Take waitFor(Duration wait) {
      requireNotNegative(wait);
      return new Take(null, wait, false);
    }

    /**
     * amoCRM banned the scope and the cool-down has {@code left} to run: the request is refused
     * and not sent.
     *
     * @param left the cool-down's time left, not negative
     * @return the answer
     * @throws IllegalArgumentException if {@code left} is negative
     */
    public static Take banned(Duration left) {
      requireNotNegative(left);
      return new Take(null, left, true);
    }

    /** Returns the turn taken, or null if none was. */
    public @Nullable Turn turn() {
      return turn;
    }

    /** Returns how long to wait (or the ban's time left); zero for a granted turn. */
    public Duration waitTime() {
      return wait;
    }

    /** Returns true if the scope is banned. */
    public boolean banned() {
      return banned;
    }

    private static void requireNotNegative(Duration d) {
      Objects.requireNonNull(d, "duration == null");
      if (d.isNegative()) {
        throw new IllegalArgumentException("negative: " + d);
      }
    }

    @Override
    public String toString() {
      return turn != null ? "Take{granted}"
          : "Take{" + (banned ? "banned " : "wait ") + wait.toMillis() + " ms}";
    }
  }

  /**
   * Whose requests a budget counts together: one integration's (its client id) on one account,
   * amoCRM's per-integration limit; or every integration's on one account, the account-wide
   * limit. Immutable.
   */
  final class Scope {
    private final @Nullable String clientId;
    private final String domain;
    private final String key;

    private Scope(@Nullable String clientId, String domain) {
      this.clientId = clientId;
      this.domain = domain;
      this.key = (clientId == null ? "account" : "integration:" + clientId) + "@" + domain;
    }

    /**
     * The requests of one integration on one account.
     *
     * @param clientId the integration's client id; empty for a long-lived token without one
     * @param domain the account's domain, such as {@code example.amocrm.ru}
     * @return the scope
     */
    public static Scope integration(String clientId, String domain) {
      Objects.requireNonNull(clientId, "clientId == null");
      return new Scope(clientId, checkDomain(domain));
    }

    /**
     * The requests of every integration on one account.
     *
     * @param domain the account's domain
     * @return the scope
     */
    public static Scope account(String domain) {
      return new Scope(null, checkDomain(domain));
    }

    private static String checkDomain(String domain) {
      Objects.requireNonNull(domain, "domain == null");
      if (domain.isEmpty() || domain.length() > 200) {
        throw new IllegalArgumentException("domain is empty or longer than 200 characters");
      }
      return domain.toLowerCase(Locale.ROOT);
    }

    /** Returns the integration's client id, or null for an account-wide scope. */
    public @Nullable String clientId() {
      return clientId;
    }

    /** Returns the account's domain, in lower case. */
    public String domain() {
      return domain;
    }

    /**
     * Returns the scope as one string for a store's key: {@code integration:<client id>@<domain>}
     * or {@code account@<domain>}; at most 255 characters for a client id of at most 40.
     *
     * @return the key
     */
    public String key() {
      return key;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Scope && ((Scope) o).key.equals(key);
    }

    @Override
    public int hashCode() {
      return key.hashCode();
    }

    @Override
    public String toString() {
      return key;
    }
  }

  /**
   * What a client does while its budget's store cannot be reached (a failed {@link #tryTake}).
   * Immutable.
   */
  final class Fallback {
    private static final Fallback FAIL = new Fallback(0);

    private final int instances;

    private Fallback(int instances) {
      this.instances = instances;
    }

    /**
     * Fail the request with a {@link io.github.farolero.amocrm.error.RateBudgetException}; it is
     * not sent. The default: nothing is sent that the cluster has not counted.
     *
     * @return the fallback
     */
    public static Fallback fail() {
      return FAIL;
    }

    /**
     * Send under a share of the limit counted in this JVM alone: {@code requests / instances}
     * (at least 1) per window, for as long as the store is down. Declare how many processes run,
     * at most: together they then keep amoCRM's limit. The store is tried again at most once a
     * second; while a process comes back to the shared budget, up to its share more may be sent
     * in that one window.
     *
     * @param instances how many processes share the integration's limit, at least 1
     * @return the fallback
     * @throws IllegalArgumentException if {@code instances < 1}
     */
    public static Fallback localShare(int instances) {
      if (instances < 1) {
        throw new IllegalArgumentException("instances < 1: " + instances);
      }
      return new Fallback(instances);
    }

    /** Returns true if requests fail while the store is down. */
    public boolean fails() {
      return instances == 0;
    }

    /**
     * Returns how many processes a {@link #localShare} divides the limit by; 0 for
     * {@link #fail()}.
     */
    public int instances() {
      return instances;
    }

    /**
     * Returns the share of {@code limit} one process may send while the store is down.
     *
     * @param limit the client's limit
     * @return the share: the same window and waits, {@code requests / instances} (at least 1)
     *     requests
     * @throws IllegalStateException for {@link #fail()}
     */
    public RateLimit share(RateLimit limit) {
      if (fails()) {
        throw new IllegalStateException("no share: requests fail while the store is down");
      }
      return new RateLimit(Math.max(1, limit.requests() / instances), limit.window(),
          limit.maxWait(), limit.banCoolDown());
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Fallback && ((Fallback) o).instances == instances;
    }

    @Override
    public int hashCode() {
      return instances;
    }

    @Override
    public String toString() {
      return fails() ? "fail" : "local share 1/" + instances;
    }
  }
}
