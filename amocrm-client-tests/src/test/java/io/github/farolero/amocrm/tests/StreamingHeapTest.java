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
 * {@code -Xmx}{@value #HEAP_MIB}{@code m}, and a client that buffers the same listing cannot: the
 * negative control keeps every lead and must run out of that heap, so the heap is small enough
 * that holding the listing does not fit. The mock (and its 100,000 stored leads) lives in this
 * JVM; only the client runs in the child, so the child's heap holds what the client holds.
 */
class StreamingHeapTest {

  private static final int LEADS = 100_000;
  private static final int HEAP_MIB = 24;

  @Test
  void hundredThousandLeadsStreamInAHeapThatCannotHoldThem(@TempDir Path dir) throws Exception {
    try (MockAmoCrmServer amo = MockAmoCrmServer.builder().noRateLimit()
        .linksOnAccountDomain(true).start()) {
      amo.seedLeads(LEADS);

      Child streamed = run(amo, dir, "stream");
      assertThat(streamed.exitCode).as(streamed.output).isZero();
      assertThat(streamed.output).contains("leads=" + LEADS + " ordered=true kept=0");
      assertThat(amo.apiRequests("GET", "/api/v4/leads")).isEqualTo(LEADS / 250);

      Child buffered = run(amo, dir, "buffer");
      assertThat(buffered.exitCode).as("a client that buffers: %s", buffered.output).isNotZero();
      assertThat(buffered.output).contains("OutOfMemoryError");
    }
  }

  private record Child(int exitCode, String output) {}

  private static Child run(MockAmoCrmServer amo, Path dir, String mode) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path out = dir.resolve(mode + ".out");
    ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx" + HEAP_MIB + "m",
        "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        StreamLeadsMain.class.getName(),
        amo.baseUrl().toString(), amo.accountDomain(), amo.clientId(),
        Integer.toString(LEADS), mode))
        .redirectErrorStream(true)
        .redirectOutput(out.toFile());
    pb.environment().put("AMO_TOKEN",
        amo.issueLongLivedToken(Duration.ofDays(1)).accessToken());
    Process child = pb.start();
    try {
      assertThat(child.waitFor(180, TimeUnit.SECONDS)).as("the %s child finished", mode).isTrue();
      String output = Files.readString(out);
      System.out.println(mode + " child: " + output.strip());
      return new Child(child.exitValue(), output);
    } finally {
      child.destroyForcibly();
    }
  }
}
