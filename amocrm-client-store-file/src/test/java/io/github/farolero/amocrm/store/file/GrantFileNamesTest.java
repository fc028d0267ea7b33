package io.github.farolero.amocrm.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.store.GrantKey;
import java.nio.file.Path;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** File names are safe, reversible and distinct for any key, on any file system. */
class GrantFileNamesTest {

  private static final Path DIR = Path.of("/var/lib/app/tokens");

  @Provide
  Arbitrary<GrantKey> keys() {
    Arbitrary<String> label = Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
        .ofMinLength(1).ofMaxLength(63)
        .filter(l -> !l.startsWith("-") && !l.endsWith("-"));
    Arbitrary<String> domain = label.list().ofMinSize(1).ofMaxSize(5)
        .map(ls -> String.join(".", ls))
        .filter(d -> d.length() <= 253);
    Arbitrary<String> clientId = Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        .ofMinLength(1).ofMaxLength(128);
    return Combinators.combine(domain, clientId.injectNull(0.3)).as(GrantKey::new);
  }

  @Property(tries = 400)
  void everyNameIsOneSafeElementInsideTheDirectory(@ForAll("keys") GrantKey key) {
    for (String name : new String[] {GrantFileNames.current(key), GrantFileNames.refreshLock(key),
        GrantFileNames.writeLock(key), GrantFileNames.backup(key, Long.MAX_VALUE),
        GrantFileNames.corruptPrefix(key) + "20260101T000000000Z-99",
        GrantFileNames.tempPrefix(key) + "link-" + Long.toHexString(Long.MIN_VALUE)}) {
      assertThat(name).doesNotContain("/", "\\", ":", "*", "?", "\"", "<", ">", "|", "\0")
          .doesNotStartWith(".").doesNotStartWith("-");
      assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(255);
      Path p = DIR.resolve(name).normalize();
      assertThat(p.getParent()).isEqualTo(DIR);
      assertThat(name).isEqualTo(name.trim());
    }
  }

  @Property(tries = 400)
  void namesReadBackAsTheirKeys(@ForAll("keys") GrantKey key) {
    String name = GrantFileNames.current(key);
    if (GrantFileNames.isHashed(name)) {
      assertThat(GrantFileNames.keyOf(name)).isNull(); // the key is read from inside the file
    } else {
      assertThat(GrantFileNames.keyOf(name)).isEqualTo(key);
    }
    assertThat(GrantFileNames.backupVersion(key, GrantFileNames.backup(key, 42))).isEqualTo(42);
  }

  /** No file of one grant starts like another grant's backups, temporaries or locks. */
  @Property(tries = 400)
  void oneGrantsFilesNeverLookLikeAnothersAuxiliaryFiles(@ForAll("keys") GrantKey a,
      @ForAll("keys") GrantKey b) {
    if (a.equals(b)) {
      return;
    }
    String auxOfA = GrantFileNames.current(a) + GrantFileNames.AUX;
    for (String nameOfB : new String[] {GrantFileNames.current(b), GrantFileNames.refreshLock(b),
        GrantFileNames.writeLock(b), GrantFileNames.backup(b, 7),
        GrantFileNames.tempPrefix(b) + "x", GrantFileNames.corruptPrefix(b) + "x"}) {
      assertThat(nameOfB).doesNotStartWith(auxOfA);
    }
    assertThat(GrantFileNames.stem(a)).doesNotContain(String.valueOf(GrantFileNames.AUX));
  }

  /** Distinct keys never get names that differ only in case (macOS, Windows). */
  @Property(tries = 400)
  void distinctKeysHaveNamesDistinctIgnoringCase(@ForAll("keys") GrantKey a,
      @ForAll("keys") GrantKey b) {
    if (!a.equals(b)) {
      assertThat(GrantFileNames.current(a).toLowerCase(Locale.ROOT))
          .isNotEqualTo(GrantFileNames.current(b).toLowerCase(Locale.ROOT));
    }
  }

  @Property(tries = 200)
  void keysDifferingOnlyInTheCaseOfTheClientIdGetDistinctNames(@ForAll("keys") GrantKey key) {
    if (key.clientId() != null && !key.clientId().equals(key.clientId().toUpperCase(Locale.ROOT))) {
      GrantKey upper = GrantKey.of(key.domain(), key.clientId().toUpperCase(Locale.ROOT));
      assertThat(GrantFileNames.current(key).toLowerCase(Locale.ROOT))
          .isNotEqualTo(GrantFileNames.current(upper).toLowerCase(Locale.ROOT));
    }
  }

  @Property(tries = 300)
  void foreignNamesAreNotMistakenForKeys(@ForAll String name) {
    GrantKey key = GrantFileNames.keyOf(name + ".json");
    if (key != null) {
      assertThat(GrantFileNames.current(key)).isEqualTo(name + ".json");
    }
  }

  @Property(tries = 50)
  void windowsDeviceNamesAreEscaped(@ForAll("devices") String device) {
    String name = GrantFileNames.current(GrantKey.of(device + ".amocrm.ru"));
    assertThat(name.substring(0, name.indexOf('.')).toLowerCase(Locale.ROOT)).isNotEqualTo(device);
  }

  @Provide
  Arbitrary<String> devices() {
    return Arbitraries.of("con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9");
  }
}
