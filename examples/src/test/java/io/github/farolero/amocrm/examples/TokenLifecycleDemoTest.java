package io.github.farolero.amocrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo runs in CI too, so it cannot rot. */
class TokenLifecycleDemoTest {

  @Test
  void demoEndsWithOk() throws Exception {
    assertThat(ExampleOutput.of(TokenLifecycleDemo::main))
        .contains("OK: exactly one refresh, saved before use, nothing lost.");
  }
}
