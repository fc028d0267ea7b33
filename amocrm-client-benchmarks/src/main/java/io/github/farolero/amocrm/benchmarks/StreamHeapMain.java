package io.github.farolero.amocrm.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import okhttp3.HttpUrl;

/**
 * Streams every lead once, by the library ({@code library}) or by bare paging ({@code bare}), in a
 * JVM of its own, and prints its heap: run by {@link StreamingHeap}. Arguments: mode, base URL,
 * account domain, lead count; the token comes in {@code AMO_TOKEN}.
 *
 * <p>Two heap figures: the peak of the heap in use (what the JVM had to hold, garbage included:
 * it depends on the collector's timing) and the largest heap in use right after a collection (what
 * the stream kept alive: the figure that says whether it holds one page or all of them).
 */
public final class StreamHeapMain {

  private StreamHeapMain() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Streaming streaming = Streaming.attach(HttpUrl.get(args[1]), args[2],
        System.getenv("AMO_TOKEN"), Integer.parseInt(args[3]));
    Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
        .collect(Collectors.toSet());
    AtomicLong maxAfterGc = new AtomicLong();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
        if (!notification.getType().equals(
            GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
            (CompositeData) notification.getUserData());
        long used = 0;
        for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
          if (heapPools.contains(e.getKey())) {
            used += e.getValue().getUsed();
          }
        }
        maxAfterGc.accumulateAndGet(used, Math::max);
      }, null, null);
    }
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    long start = System.nanoTime();
    long sum = mode.equals("library") ? streaming.library() : streaming.bare();
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        MemoryUsage u = pool.getPeakUsage();
        peak += u.getUsed();
      }
    }
    System.out.printf(Locale.ROOT, "RESULT mode=%s leads=%d seconds=%.3f peakHeapBytes=%d"
            + " maxHeapAfterGcBytes=%d maxHeapBytes=%d idSum=%d%n", mode, streaming.leads(), seconds,
        peak, maxAfterGc.get(), Runtime.getRuntime().maxMemory(), sum);
    System.out.flush();
    System.exit(0);
  }
}
