package io.github.farolero.amocrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The triple-backup example runs in CI too, and ends the way it promises. */
class TripleBackupExampleTest {

  @Test
  void threeDeploysOneLostVolumeNoReauthorization() throws Exception {
    assertThat(ExampleOutput.of(TripleBackupExample::main))
        .contains("OK: three deploys, one lost volume, no re-authorization.");
  }
}
