package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must show: streaming 100,000 leads at 250 a page completes in a JVM started with
 * {@code -Xmx64m}. The mock (and its 100,000 stored leads) lives in this JVM; only the client runs
 * in the child, so the child's heap holds what the client holds: one page at a time.
 */
class StreamingHeapTest {

  private static final int LEADS = 100_000;

  @Test
  void hundredThousandLeadsStreamInAChildJvmWith64MiBOfHeap(@TempDir Path dir) throws Exception {
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit()
        .linksOnAccountDomain(true).start()) {
      amo.seedLeads(LEADS);
      String java = ProcessHandle.current().info().command().orElse("java");
      Path out = dir.resolve("child.out");
      ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx64m",
          "-cp", System.getProperty("java.class.path"),
          StreamLeadsMain.class.getName(),
          amo.baseUrl().toString(), amo.accountDomain(), amo.clientId(),
          Integer.toString(LEADS)))
          .redirectErrorStream(true)
          .redirectOutput(out.toFile());
      pb.environment().put("AMO_TOKEN",
          amo.issueLongLivedToken(Duration.ofDays(1)).accessToken());
      Process child = pb.start();
      try {
        assertThat(child.waitFor(180, TimeUnit.SECONDS)).as("the child finished").isTrue();
        String output = Files.readString(out);
        System.out.println("child: " + output.strip());
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("leads=" + LEADS + " ordered=true");
        assertThat(output).containsPattern("maxHeapMiB=(5\\d|6\\d) ");
      } finally {
        child.destroyForcibly();
      }
      assertThat(amo.apiRequests("GET", "/api/v4/leads")).isEqualTo(LEADS / 250);
    }
  }
}
