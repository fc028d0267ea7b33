package io.github.farolero.amocrm.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The profile's parts: each stack counts for the deepest part it reaches. */
class ProfileSharesTest {

  private static final String STUB = "jmh_generated/HotPathBenchmark_library_jmhTest.library_avgt_jmhStub";
  private static final String CLIENT = "io/github/farolero/amocrm/AmoCrmClient.account";
  private static final String TRANSPORT = "io/github/farolero/amocrm/internal/ApiTransport.executeSource";

  @Test
  void aStackCountsForTheDeepestPartItReaches() {
    Map<String, Long> parts = ProfileShares.shares(List.of(
        line(3, STUB, CLIENT, TRANSPORT, "okhttp3/internal/connection/RealCall.execute",
            "sun/nio/ch/NioSocketImpl.read"),
        line(2, STUB, CLIENT, TRANSPORT, "io/github/farolero/amocrm/internal/SlidingWindowLimiter"
            + ".acquire", "java/lang/System.nanoTime"),
        line(5, STUB, CLIENT, TRANSPORT, "io/github/farolero/amocrm/internal/LenientAdapters"
            + "$RecordReader.read", "com/squareup/moshi/JsonUtf8Reader.nextName",
            "okio/Buffer.readByte"),
        line(7, STUB, "com/squareup/moshi/JsonAdapter.fromJson", "okio/RealBufferedSource.request",
            "okhttp3/internal/connection/Exchange$ResponseBodySource.read"),
        line(11, "java/lang/Thread.run", "okhttp3/internal/connection/RealCall.execute"),
        line(13, STUB, "java/lang/Object.hashCode")));

    assertThat(parts).containsOnly(
        Map.entry("OkHttp, okio and the socket", 3L + 7L), // a parser pulling from the socket
        Map.entry("library: internal/SlidingWindowLimiter", 2L),
        Map.entry("JSON parsing (Moshi, the models)", 5L), // okio reading memory: parsing
        Map.entry("other (JMH, the JVM, the baseline's own lines)", 13L)); // not another thread's
  }

  private static String line(long samples, String... frames) {
    return String.join(";", frames) + " " + samples;
  }
}
