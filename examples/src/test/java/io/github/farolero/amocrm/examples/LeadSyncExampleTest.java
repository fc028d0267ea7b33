package io.github.farolero.amocrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sync example runs in CI too, and its figures are the ones it promises. */
class LeadSyncExampleTest {

  @Test
  void readsEveryLeadUpdatesInBatchesAndNeverHitsTheLimit() throws Exception {
    assertThat(ExampleOutput.of(LeadSyncExample::main))
        .contains("Read 600 leads in 3 pages.")
        .contains("Updated 120 leads in 3 requests")
        .contains("window: 0.");
  }
}
