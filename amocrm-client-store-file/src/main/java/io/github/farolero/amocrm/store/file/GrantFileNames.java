package io.github.farolero.amocrm.store.file;

import io.github.farolero.amocrm.store.GrantKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The names of a grant's files inside the store's directory. A name is one path element that no
 * key can turn into a path: every character outside {@code [a-z0-9.-]} is escaped as
 * {@code %XX} (its UTF-8 bytes), so a name holds no separator, no {@code ..} element, no upper
 * case (names stay distinct on case-insensitive file systems) and no Windows device name. Keys too
 * long for a file name are hashed.
 *
 * <ul>
 *   <li>{@code example.amocrm.ru.json}: the current record; {@code
 *       example.amocrm.ru@client%5F1.json} for a key with a client id
 *   <li>{@code <current>~bak-<version>}: backup generations
 *   <li>{@code <current>~corrupt-<timestamp>}: corrupt files moved aside, never deleted
 *   <li>{@code <current>~tmp-<random>}: a write in progress (or of a writer that died)
 *   <li>{@code <current>~lock}, {@code <current>~write-lock}: lock files, never deleted
 * </ul>
 *
 * <p>Every name but the current record's is the current record's name, {@code ~}, and a suffix.
 * No escaped name holds a {@code ~}, so the names of one grant never start like another grant's:
 * {@code a.amocrm.ru.json.tmp-x} is a valid domain, and its files must not look like the
 * temporary files of {@code a.amocrm.ru}.
 */
final class GrantFileNames {

  /** The suffix of a current record's file. */
  static final String SUFFIX = ".json";

  /** Stems longer than this are hashed, so that every name stays under 255 bytes. */
  static final int MAX_STEM = 180;

  private static final String HASHED_PREFIX = "grant-";
  private static final HexFormat ESCAPE_HEX = HexFormat.of().withUpperCase();
  private static final Set<String> WINDOWS_DEVICES = Set.of("con", "prn", "aux", "nul",
      "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
      "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  private GrantFileNames() {}

  /** Returns the common start of every file name of a grant. */
  static String stem(GrantKey key) {
    String stem = escape(key.domain(), true);
    if (key.clientId() != null) {
      stem += "@" + escape(key.clientId(), false);
    }
    return stem.length() <= MAX_STEM ? stem : HASHED_PREFIX + sha256Hex(key.id());
  }

  /** Returns the name of the grant's current record. */
  static String current(GrantKey key) {
    return stem(key) + SUFFIX;
  }

  /** Separates a grant's current name from the suffix of its other files; never in a stem. */
  static final char AUX = '~';

  /** Returns the name of the lock file held while the grant's tokens are refreshed. */
  static String refreshLock(GrantKey key) {
    return current(key) + AUX + "lock";
  }

  /** Returns the name of the lock file held while the grant's files change. */
  static String writeLock(GrantKey key) {
    return current(key) + AUX + "write-lock";
  }

  /** Returns the start of the grant's temporary files' names. */
  static String tempPrefix(GrantKey key) {
    return current(key) + AUX + "tmp-";
  }

  /** Returns the start of the grant's backup generations' names. */
  static String backupPrefix(GrantKey key) {
    return current(key) + AUX + "bak-";
  }

  /** Returns the name of the backup generation of one version. */
  static String backup(GrantKey key, long version) {
    return backupPrefix(key) + version;
  }

  /** Returns the start of the names of the grant's corrupt files moved aside. */
  static String corruptPrefix(GrantKey key) {
    return current(key) + AUX + "corrupt-";
  }

  /**
   * Returns the version a backup's name carries, or -1 if the name is not one of the grant's
   * backups.
   */
  static long backupVersion(GrantKey key, String fileName) {
    String prefix = backupPrefix(key);
    if (!fileName.startsWith(prefix)) {
      return -1;
    }
    String digits = fileName.substring(prefix.length());
    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(digits);
  }

  /** Returns true for the name of a hashed grant's current record (its key is inside). */
  static boolean isHashed(String fileName) {
    if (!fileName.startsWith(HASHED_PREFIX) || !fileName.endsWith(SUFFIX)) {
      return false;
    }
    String hex = fileName.substring(HASHED_PREFIX.length(), fileName.length() - SUFFIX.length());
    return hex.length() == 64 && hex.chars().allMatch(c -> (c >= '0' && c <= '9')
        || (c >= 'a' && c <= 'f'));
  }

  /**
   * Returns the key whose current record has this name, or null if the name is not one this
   * class makes (another file, a hashed name, a name in another case).
   */
  static @Nullable GrantKey keyOf(String fileName) {
    if (!fileName.endsWith(SUFFIX) || fileName.indexOf(AUX) >= 0 || isHashed(fileName)) {
      return null;
    }
    String stem = fileName.substring(0, fileName.length() - SUFFIX.length());
    int at = stem.indexOf('@');
    if (at != stem.lastIndexOf('@')) {
      return null;
    }
    try {
      String domain = unescape(at < 0 ? stem : stem.substring(0, at));
      String clientId = at < 0 ? null : unescape(stem.substring(at + 1));
      if (domain == null || (at >= 0 && clientId == null)) {
        return null;
      }
      GrantKey key = new GrantKey(domain, clientId);
      return stem(key).equals(stem) ? key : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String escape(String s, boolean domainPart) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      boolean plain = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-'
          || (b == '.' && i > 0);
      if (plain) {
        out.append((char) b);
      } else {
        out.append('%').append(ESCAPE_HEX.toHexDigits((byte) b));
      }
    }
    if (domainPart) {
      // "con.amocrm.ru.json" would open the console device on Windows: escape its first letter.
      int dot = out.indexOf(".");
      String first = (dot < 0 ? out.toString() : out.substring(0, dot)).toLowerCase(Locale.ROOT);
      if (WINDOWS_DEVICES.contains(first)) {
        out.replace(0, 1, "%" + ESCAPE_HEX.toHexDigits((byte) out.charAt(0)));
      }
    }
    return out.toString();
  }

  private static @Nullable String unescape(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        return null;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }
}
