package io.github.farolero.amocrm.store.file;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.GrantLock;
import io.github.farolero.amocrm.store.GrantLocker;
import io.github.farolero.amocrm.store.LockScope;
import io.github.farolero.amocrm.store.LockTimeoutException;
import io.github.farolero.amocrm.store.StoreInfo;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenDecryptionException;
import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.TokenStore;
import io.github.farolero.amocrm.store.TokenStoreException;
import io.github.farolero.amocrm.store.TokenVersionConflictException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} in a directory: one JSON file per grant, written crash-safely, locked
 * across processes, with backups and optional encryption at rest.
 *
 * <pre>{@code
 * FileTokenStore store = FileTokenStore.builder()
 *     .directory(Path.of(System.getenv("TOKENS_PATH")))   // such as /var/lib/sync-app/tokens
 *     .keyFromEnvironment()                              // encrypt if AMOCRM_TOKENS_KEY is set
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Files.</b> {@code example.amocrm.ru.json} holds the grant of that account ({@code
 *       example.amocrm.ru@<client id>.json} for a key with a client id). Names are escaped, so no
 *       key can reach outside the directory. A missing directory is created {@code rwx------};
 *       files are created {@code rw-------}; if that cannot be done the operation fails. The store
 *       never changes the mode of a directory it did not create: an existing one open to group or
 *       others is refused (see {@link Builder#allowSharedDirectory()}). Links are refused: a token
 *       file or a directory that is a symbolic link is an error, never followed.
 *   <li><b>Crash-safe writes</b> (design invariant 4): a temporary file created {@code
 *       rw-------} is written, fsynced and renamed over the grant's file atomically, then the
 *       directory is fsynced. A crash or {@code kill -9} at any moment leaves the old record or the
 *       new one, never a torn one.
 *   <li><b>No stale reads.</b> Nothing is cached: every {@link #load} reads the file, so it sees
 *       what another process wrote.
 *   <li><b>Compare-and-set</b> (invariant 5) under a per-grant write lock that excludes other
 *       threads and other processes ({@code <grant>.json~write-lock}).
 *   <li><b>Coordination</b> (invariant 1): {@link #locker()} offers a per-grant lock of {@link
 *       LockScope#HOST} scope, an OS file lock on {@code <grant>.json~lock} plus a leased lock
 *       inside the JVM. A process that dies loses it at once (the OS releases it); a wait is
 *       bounded and then fails with {@link LockTimeoutException} instead of going on unlocked. A
 *       live but hung process keeps it: others fail after their wait rather than refresh beside
 *       it.
 *   <li><b>Backups.</b> Before a record is replaced it is kept as {@code
 *       <grant>.json~bak-<version>} (a hard link: no copy); the newest {@link
 *       Builder#backups(int) N} generations stay (default 5). A current file that is corrupt or
 *       truncated is moved aside as {@code <grant>.json~corrupt-<timestamp>} (never deleted),
 *       logged as an error, and the newest valid generation is restored and served. Without a
 *       valid generation the load fails, and the file stays in place until a write moves it
 *       aside.
 *   <li><b>Encryption at rest</b> (optional): with a {@link TokenCipher} the whole record is
 *       sealed with AES-256-GCM, the grant's key as associated data; the file keeps only the
 *       grant, the version and the key's fingerprint in the clear. A wrong key or a changed file
 *       fails with {@link TokenDecryptionException} and the file is left as it is. Unencrypted
 *       files are still read (and sealed on the next save), so turning encryption on needs no
 *       migration step.
 *   <li><b>Other apps' files.</b> A grant's file may hold the Node app's {@code
 *       {"access_token","refresh_token","created_at","expires_in"}} or the amocrm-api-php example's
 *       {@code {"accessToken","refreshToken","expires","baseDomain"}}: copy the old {@code
 *       tokens.json} to {@code <directory>/<account domain>.json}. It is read as version 0 and
 *       rewritten in this library's format on the next save, not before.
 * </ul>
 *
 * <p><b>Windows.</b> NTFS has no POSIX permissions: the store cannot make the directory or its
 * files owner-only, so it relies on the directory's ACL (inherited from its parent). Put the
 * directory under the service account's profile, or restrict it with {@code icacls}. Locks and
 * atomic renames work; the directory fsync is skipped (Windows cannot open a directory), and NTFS
 * orders the rename through its journal.
 *
 * <p><b>Limits.</b> One host: file locks on network file systems (NFS, SMB) are only as good as
 * their lock daemons; for several hosts use a database store. Lock files ({@code *~lock}, {@code
 * *~write-lock}) must not be deleted while processes run.
 *
 * <p>Thread-safe; several instances, in one or several processes, may share a directory.
 */
public final class FileTokenStore implements TokenStore {

  private final CurrentFiles files;
  private final Path directory;
  private final int backups;
  private final @Nullable TokenCipher cipher;
  private final Duration lockWait;
  private final StoreInfo info;
  private final GrantLocker locker;
  private final boolean allowSharedDirectory;

  private FileTokenStore(Builder b) {
    this.directory = Objects.requireNonNull(b.directory).toAbsolutePath().normalize();
    this.backups = b.backups;
    this.cipher = b.cipher;
    this.lockWait = b.lockWait;
    this.info = new StoreInfo("file:" + directory, true, true);
    this.allowSharedDirectory = b.allowSharedDirectory;
    this.files = new CurrentFiles(directory, info.name(), backups, cipher, lockWait, b.clock,
        allowSharedDirectory);
    this.locker = new GrantLocker() {
      @Override
      public LockScope scope() {
        return LockScope.HOST;
      }

      @Override
      public GrantLock acquire(GrantKey key, Duration lease, Duration maxWait) {
        return files.refreshLock(Objects.requireNonNull(key, "key == null"), lease, maxWait);
      }
    };
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a store in a directory with the defaults (5 backups, no encryption).
   *
   * @param directory the directory; created {@code rwx------} on the first write if missing; an
   *     existing one must not be open to group or others
   * @return the store
   */
  public static FileTokenStore of(Path directory) {
    return builder().directory(directory).build();
  }

  /** Returns the directory, absolute. */
  public Path directory() {
    return directory;
  }

  /**
   * Returns the file that holds a grant's current record (it may not exist).
   *
   * @param key the grant
   * @return the path, inside {@link #directory()}
   */
  public Path fileOf(GrantKey key) {
    return directory.resolve(GrantFileNames.current(Objects.requireNonNull(key, "key == null")));
  }

  /**
   * Reads a grant's file. If it is corrupt, it is moved aside and the newest valid backup
   * generation is restored and returned.
   *
   * @throws TokenDecryptionException if the file is encrypted and the key is missing or wrong,
   *     or the file was changed; the file is left as it is
   * @throws TokenStoreException if the file cannot be read, is a link, or is corrupt with no valid
   *     backup generation, or the directory is refused (a link, or open to group or others)
   */
  @Override
  public Optional<TokenRecord> load(GrantKey key) {
    return files.load(Objects.requireNonNull(key, "key == null"));
  }

  /**
   * Writes a grant's record crash-safely if its version is newer than the stored one, keeping the
   * replaced record as a backup generation.
   *
   * @throws TokenVersionConflictException if the file holds the same or a newer version
   * @throws TokenDecryptionException if the current file cannot be decrypted (it is not replaced:
   *     with a lost key, {@link #delete} it first)
   * @throws LockTimeoutException if another writer held the grant's write lock past the wait
   * @throws TokenStoreException if the directory or file cannot be written or secured, or the
   *     directory is refused (a link, or open to group or others); the previous record is intact
   */
  @Override
  public void write(TokenRecord record) {
    files.write(Objects.requireNonNull(record, "record == null"));
  }

  /**
   * Deletes a grant's file and its backup generations (they hold the same secrets). Corrupt files
   * moved aside and lock files stay.
   *
   * @throws TokenStoreException if the files cannot be deleted, or the directory is refused (a
   *     link, or open to group or others)
   */
  @Override
  public boolean delete(GrantKey key) {
    return files.delete(Objects.requireNonNull(key, "key == null"));
  }

  /**
   * Lists the grants that have a current file.
   *
   * @throws TokenStoreException if the directory cannot be listed, or is refused (a link, or
   *     open to group or others)
   */
  @Override
  public List<GrantKey> keys() {
    return files.keys();
  }

  /** Returns {@code file:<directory>}, writable, durable. */
  @Override
  public StoreInfo info() {
    return info;
  }

  /** Returns the per-grant lock, reaching every process on this host. */
  @Override
  public Optional<GrantLocker> locker() {
    return Optional.of(locker);
  }

  @Override
  public String toString() {
    return "FileTokenStore{" + directory + ", backups=" + backups
        + (cipher == null ? "" : ", encrypted with key " + cipher.keyFingerprint())
        + ", lockWait=" + lockWait + (allowSharedDirectory ? ", sharedDirectoryAllowed" : "")
        + '}';
  }

  /**
   * Builds a {@link FileTokenStore}. Setters check their argument at once; {@link #build()}
   * checks that a directory was set. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable Path directory;
    private int backups = 5;
    private @Nullable TokenCipher cipher;
    private Duration lockWait = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();
    private boolean allowSharedDirectory;

    private Builder() {}

    /**
     * Sets the directory. Required. It is created {@code rwx------} on the first write if
     * missing. The store never changes the mode of an existing directory: one open to group or
     * others (any of the {@code g} or {@code o} bits, such as {@code rwxr-xr-x}) is refused at its
     * first use (a load, write, lock, delete or listing fails with {@link TokenStoreException}
     * saying how to fix it: {@code chmod 700 <directory>}, or {@link #allowSharedDirectory()}).
     * It must not be a symbolic link. The examples name it by the {@code TOKENS_PATH} environment
     * variable.
     *
     * @param directory the directory
     * @return this builder
     */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory == null");
      return this;
    }

    /**
     * Sets how many replaced records of each grant are kept beside it. Default 5; 0 keeps none.
     *
     * @param generations 0 to 1000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder backups(int generations) {
      if (generations < 0 || generations > 1000) {
        throw new IllegalArgumentException("backups must be 0 to 1000: " + generations);
      }
      this.backups = generations;
      return this;
    }

    /**
     * Encrypts token files with this cipher (AES-256-GCM). Default: no encryption.
     *
     * @param cipher the cipher
     * @return this builder
     */
    public Builder cipher(TokenCipher cipher) {
      this.cipher = Objects.requireNonNull(cipher, "cipher == null");
      return this;
    }

    /**
     * Encrypts token files with the base64 key in {@value TokenCipher#DEFAULT_KEY_VARIABLE} of
     * this process's environment, if that variable is set; leaves encryption as it is if it is
     * unset. Set but empty (or only whitespace) is an error, not "no encryption".
     *
     * @return this builder
     * @throws IllegalArgumentException if the variable is set but blank or is not base64 of 32
     *     bytes (the message names the variable, never its value)
     */
    public Builder keyFromEnvironment() {
      return keyFromEnvironment(System.getenv());
    }

    /**
     * Like {@link #keyFromEnvironment()}, from the given environment.
     *
     * @param environment variable names to values
     * @return this builder
     * @throws IllegalArgumentException if the variable is set but blank or malformed
     */
    public Builder keyFromEnvironment(Map<String, String> environment) {
      Objects.requireNonNull(environment, "environment == null");
      TokenCipher.fromEnvironment(environment, TokenCipher.DEFAULT_KEY_VARIABLE)
          .ifPresent(c -> this.cipher = c);
      return this;
    }

    /**
     * Sets how long a write waits for another writer of the same grant (the write lock is held
     * for milliseconds; a long wait means a hung process). Default 10 seconds. The refresh lock's
     * wait is the caller's ({@code RefreshPolicy.lockWait}).
     *
     * @param wait more than zero
     * @return this builder
     */
    public Builder lockWait(Duration wait) {
      Objects.requireNonNull(wait, "lockWait == null");
      if (wait.isNegative() || wait.isZero()) {
        throw new IllegalArgumentException("lockWait <= 0: " + wait);
      }
      this.lockWait = wait;
      return this;
    }

    /**
     * Accepts an existing directory that is open to group or others (such as {@code rwxr-x---}
     * for a group of service accounts), instead of refusing it. Its mode is still never changed,
     * and a directory the store creates is still {@code rwx------}.
     *
     * <p>The risk: the token files stay {@code rw-------}, so others cannot read the tokens, but
     * they can list the directory (which accounts it holds) and, where they may write to it,
     * remove or rename token, backup and lock files, or put a file of their own in a grant's
     * place (a lock file removed while a process holds it no longer excludes others, so two
     * processes may refresh at once and lose the grant). Share the directory only with accounts
     * you trust as much as the owner. Logged once per store as a warning.
     *
     * @return this builder
     */
    public Builder allowSharedDirectory() {
      this.allowSharedDirectory = true;
      return this;
    }

    /**
     * Sets the clock that stamps the names of corrupt files moved aside. Default {@link
     * Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Builds the store. Touches no file: the directory is made on the first write.
     *
     * @return the store
     * @throws IllegalStateException if no directory was set
     */
    public FileTokenStore build() {
      if (directory == null) {
        throw new IllegalStateException("directory is required");
      }
      return new FileTokenStore(this);
    }
  }
}
