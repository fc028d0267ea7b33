package io.github.farolero.amocrm.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The sync example runs in CI too, and its figures are the ones it promises. */
class LeadSyncExampleTest {

  @Test
  void readsEveryLeadUpdatesInBatchesAndNeverHitsTheLimit() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      LeadSyncExample.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    assertTrue(text.contains("Read 600 leads in 3 pages."), text);
    assertTrue(text.contains("Updated 120 leads in 3 requests"), text);
    assertTrue(text.contains("window: 0."), text);
  }
}
