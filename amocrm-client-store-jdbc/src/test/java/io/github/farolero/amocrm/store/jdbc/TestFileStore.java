package io.github.farolero.amocrm.store.jdbc;

import io.github.farolero.amocrm.internal.LeasedLocks;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.LockScope;
import io.github.farolero.amocrm.store.LockTimeoutException;
import io.github.farolero.amocrm.store.StoreInfo;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * TEST-ONLY STAND-IN for {@code amocrm-client-store-file}'s {@code FileTokenStore}, which is built
 * in parallel and not available to this module yet. Replace it with the real store once merged.
 *
 * <p>Just enough of a file store for the composite tests: one JSON file per grant
 * ({@link TokenRecord#toJson()}), written to a temporary file, forced to disk and atomically
 * renamed; compare-and-set on version inside this JVM; and a host-wide lock (an in-JVM lease
 * plus an OS file lock, which dies with its process). No permissions, no encryption, no
 * cross-process compare-and-set.
 */
final class TestFileStore implements TokenStore {

  private final Path dir;
  private final StoreInfo info;
  private final LeasedLocks jvmLocks = new LeasedLocks();
  private final GrantLocker locker = new FileLocker();

  TestFileStore(Path dir) {
    this.dir = dir;
    this.info = new StoreInfo("test-file:" + dir.getFileName(), true, true);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new TokenStoreException("cannot create " + dir, e);
    }
  }

  private Path file(GrantKey key) {
    return dir.resolve(key.id().replace('/', '@') + ".json");
  }

  @Override
  public synchronized Optional<TokenRecord> load(GrantKey key) {
    try {
      return Optional.of(TokenRecord.fromJson(Files.readString(file(key))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      throw new TokenStoreException(info.name() + " could not read " + key, e);
    }
  }

  @Override
  public synchronized void write(TokenRecord record) {
    Optional<TokenRecord> stored = load(record.key());
    if (stored.isPresent() && stored.get().version() >= record.version()) {
      throw new TokenVersionConflictException(info.name(), record.key(), record.version(),
          stored.get().version());
    }
    Path target = file(record.key());
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(StandardCharsets.UTF_8.encode(record.toJson()));
      ch.force(true);
    } catch (IOException e) {
      throw new TokenStoreException(info.name() + " could not write " + record.key(), e);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TokenStoreException(info.name() + " could not write " + record.key(), e);
    }
  }

  @Override
  public synchronized boolean delete(GrantKey key) {
    try {
      return Files.deleteIfExists(file(key));
    } catch (IOException e) {
      throw new TokenStoreException(info.name() + " could not delete " + key, e);
    }
  }

  @Override
  public synchronized List<GrantKey> keys() {
    List<GrantKey> keys = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .forEach(n -> keys.add(GrantKey.parse(
              n.substring(0, n.length() - ".json".length()).replace('@', '/'))));
    } catch (IOException e) {
      throw new TokenStoreException(info.name() + " could not list", e);
    }
    return keys;
  }

  @Override
  public StoreInfo info() {
    return info;
  }

  @Override
  public Optional<GrantLocker> locker() {
    return Optional.of(locker);
  }

  @Override
  public String toString() {
    return "TestFileStore{" + info.name() + '}';
  }

  /** The OS lock this JVM holds per grant, and which in-JVM holder it currently serves. */
  private final java.util.Map<GrantKey, Object[]> osLocks = new java.util.HashMap<>();

  private final class FileLocker implements GrantLocker {
    @Override
    public LockScope scope() {
      return LockScope.HOST;
    }

    @Override
    public GrantLock acquire(GrantKey key, Duration lease, Duration maxWait) {
      long deadline = System.nanoTime() + maxWait.toNanos();
      // Threads of this JVM exclude each other by lease (an OS file lock is per process).
      GrantLock inJvm = jvmLocks.acquire(key, lease, maxWait, info.name());
      Object owner = new Object();
      try {
        while (true) {
          synchronized (osLocks) {
            Object[] held = osLocks.get(key);
            if (held != null) {
              held[2] = owner; // this JVM holds it already (a previous holder's lease ran out)
              return handle(key, inJvm, owner);
            }
            FileChannel ch = FileChannel.open(dir.resolve(key.id().replace('/', '@') + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fl = ch.tryLock();
            if (fl != null) {
              osLocks.put(key, new Object[] {ch, fl, owner});
              return handle(key, inJvm, owner);
            }
            ch.close();
          }
          if (System.nanoTime() - deadline >= 0) {
            inJvm.close();
            throw new LockTimeoutException("lock of " + key + " in " + info.name()
                + " still held by another process after waiting " + maxWait);
          }
          TimeUnit.MILLISECONDS.sleep(10);
        }
      } catch (IOException e) {
        inJvm.close();
        throw new TokenStoreException(info.name() + " could not lock " + key, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        inJvm.close();
        throw new TokenStoreException(info.name() + " interrupted while locking " + key, e);
      }
    }

    private GrantLock handle(GrantKey key, GrantLock inJvm, Object owner) {
      return new GrantLock() {
        @Override
        public GrantKey key() {
          return key;
        }

        @Override
        public void close() {
          synchronized (osLocks) {
            Object[] held = osLocks.get(key);
            if (held != null && held[2] == owner) {
              osLocks.remove(key);
              try {
                ((FileLock) held[1]).release();
                ((FileChannel) held[0]).close();
              } catch (IOException ignored) {
                // closing the channel releases the OS lock anyway
              }
            }
          }
          inJvm.close();
        }
      };
    }
  }
}
