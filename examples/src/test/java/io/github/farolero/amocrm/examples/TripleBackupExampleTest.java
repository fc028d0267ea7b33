package io.github.farolero.amocrm.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The triple-backup example runs in CI too, and ends the way it promises. */
class TripleBackupExampleTest {

  @Test
  void threeDeploysOneLostVolumeNoReauthorization() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      TripleBackupExample.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertTrue(text.contains("OK: three deploys, one lost volume, no re-authorization."), text);
  }
}
