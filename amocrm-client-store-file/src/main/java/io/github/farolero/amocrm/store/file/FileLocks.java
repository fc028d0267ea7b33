package io.github.farolero.amocrm.store.file;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.LockTimeoutException;
import io.github.farolero.amocrm.store.TokenStoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locks on lock files that exclude other processes (an OS file lock through {@link
 * FileChannel#tryLock()}) and other threads of this JVM (a leased owner per file, shared by every
 * store instance: an OS file lock is held by the whole process, so it cannot tell threads apart).
 *
 * <ul>
 *   <li>A process that dies loses its OS locks: the kernel releases them.
 *   <li>Inside the JVM, ownership is leased: when an owner's lease runs out (a thread stuck in
 *       I/O), the next thread takes the lock over, OS lock included, and the late {@code close()}
 *       of the first owner changes nothing.
 *   <li>Waiting is bounded: past {@code maxWait} a {@link LockTimeoutException}.
 *   <li>One channel per lock file per JVM, opened only while the lock is held or tried, and
 *       closed only when no lock is held through it: POSIX releases every lock a process holds on
 *       a file when any descriptor of that file is closed.
 * </ul>
 *
 * <p>Slots are keyed by the lock file's real path (callers resolve it), so two stores over one
 * directory share them.
 */
final class FileLocks {

  private static final Logger log = LoggerFactory.getLogger("io.github.farolero.amocrm.store.file");
  private static final ConcurrentHashMap<Path, Slot> SLOTS = new ConcurrentHashMap<>();
  private static final long MAX_NANOS = TimeUnit.DAYS.toNanos(365);
  private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private FileLocks() {}

  /**
   * Takes the lock of a lock file.
   *
   * @param lockFile the lock file's real path; created ({@code rw-------}) if missing
   * @param key the grant, for messages and {@link GrantLock#key()}
   * @param lease how long this JVM keeps the lock if the holder never closes it
   * @param maxWait how long to wait for another holder
   * @param what names the lock in messages, such as {@code "refresh lock"}
   * @param storeName the store's name, for messages
   * @throws LockTimeoutException if the lock stayed held for {@code maxWait}
   * @throws TokenStoreException if the lock file cannot be opened or locked
   */
  static GrantLock acquire(Path lockFile, GrantKey key, Duration lease, Duration maxWait,
      String what, String storeName) {
    Objects.requireNonNull(key, "key == null");
    long leaseNanos = clamp(Objects.requireNonNull(lease, "lease == null"));
    long waitNanos = clamp(Objects.requireNonNull(maxWait, "maxWait == null"));
    if (leaseNanos <= 0) {
      throw new IllegalArgumentException("lease <= 0: " + lease);
    }
    Slot slot = SLOTS.computeIfAbsent(lockFile, Slot::new);
    return slot.acquire(key, leaseNanos, waitNanos, maxWait, what, storeName);
  }

  private static long clamp(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    return d.compareTo(Duration.ofNanos(MAX_NANOS)) > 0 ? MAX_NANOS : d.toNanos();
  }

  /** One lock file's state in this JVM. */
  private static final class Slot {
    private final Path path;
    private final boolean posix;
    private @Nullable FileChannel channel; // guarded by this
    private @Nullable FileLock osLock; // guarded by this
    private @Nullable Object owner; // guarded by this
    private long leaseUntil; // guarded by this

    Slot(Path path) {
      this.path = path;
      this.posix = SecureFiles.isPosix(path);
    }

    synchronized GrantLock acquire(GrantKey key, long leaseNanos, long waitNanos,
        Duration maxWait, String what, String storeName) {
      long deadline = System.nanoTime() + waitNanos;
      long poll = MIN_POLL_NANOS;
      boolean heldByProcess = false;
      while (true) {
        long now = System.nanoTime();
        boolean free = owner == null || now - leaseUntil >= 0;
        long sleep;
        if (free) {
          if (osLock == null || !osLock.isValid()) {
            osLock = tryOsLock(key, what, storeName);
          }
          if (osLock != null) {
            if (owner != null) {
              log.warn("the {} of {} in {} outlived its lease in this JVM; taking it over", what,
                  key, storeName);
            }
            Object mine = new Object();
            owner = mine;
            leaseUntil = now + leaseNanos;
            return new Handle(this, mine, key);
          }
          heldByProcess = true;
          sleep = poll;
          poll = Math.min(poll * 2, MAX_POLL_NANOS);
        } else {
          heldByProcess = false;
          sleep = leaseUntil - now;
        }
        long remaining = deadline - now;
        if (remaining <= 0) {
          closeIfIdle();
          throw new LockTimeoutException("the " + what + " of " + key + " in " + storeName
              + " is still held " + (heldByProcess ? "by another process" : "in this JVM")
              + " after waiting " + maxWait + " (lock file " + path + ")");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, Math.min(sleep, remaining)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          closeIfIdle();
          throw new TokenStoreException("interrupted while waiting for the " + what + " of "
              + key + " in " + storeName, e);
        }
      }
    }

    /** Returns the OS lock, or null if another process (or another slot) holds it. */
    private @Nullable FileLock tryOsLock(GrantKey key, String what, String storeName) {
      try {
        if (channel == null || !channel.isOpen()) {
          Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS);
          channel = FileChannel.open(path, options, SecureFiles.createAttributes(posix));
        }
        return channel.tryLock();
      } catch (OverlappingFileLockException e) {
        // This JVM holds it through another path to the same file: held, as far as we know.
        return null;
      } catch (IOException e) {
        closeQuietly();
        throw new TokenStoreException("cannot take the " + what + " of " + key + " in "
            + storeName + ": " + SecureFiles.describe(e), e);
      }
    }

    synchronized void release(Object token) {
      if (owner != token) {
        return; // the lease ran out and another thread owns the lock now
      }
      owner = null;
      closeQuietly();
      notifyAll();
    }

    /** Closes the channel if no lock is held through it (closing would drop a held lock). */
    private void closeIfIdle() {
      if (owner == null) {
        closeQuietly();
      }
    }

    private void closeQuietly() {
      FileLock l = osLock;
      FileChannel c = channel;
      osLock = null;
      channel = null;
      try {
        if (l != null && l.isValid()) {
          l.release();
        }
      } catch (IOException e) {
        log.warn("could not release the lock on {}: {}", path, SecureFiles.describe(e));
      }
      try {
        if (c != null) {
          c.close();
        }
      } catch (IOException e) {
        log.warn("could not close the lock file {}: {}", path, SecureFiles.describe(e));
      }
    }
  }

  private static final class Handle implements GrantLock {
    private final Slot slot;
    private final Object token;
    private final GrantKey key;
    private final AtomicBoolean closed = new AtomicBoolean();

    Handle(Slot slot, Object token, GrantKey key) {
      this.slot = slot;
      this.token = token;
      this.key = key;
    }

    @Override
    public GrantKey key() {
      return key;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        slot.release(token);
      }
    }
  }
}
