package io.github.farolero.amocrm.tests;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.RateLimit;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.model.Lead;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Streams every lead of a mock amoCRM, 250 a page, and reports the count and the heap: run by
 * {@link StreamingHeapTest} in a child JVM with a small heap ({@code -Xmx24m}).
 *
 * <p>Arguments: base URL, account domain, client id, expected count, and {@code stream} or
 * {@code buffer}; the long-lived token comes in the environment variable {@code AMO_TOKEN} (not
 * on the command line). Exits 0 if it read exactly the expected count, in ascending id order.
 * {@code buffer} is the negative control: it keeps every lead, as a client that buffers a listing
 * would, and must run out of the same heap.
 */
public final class StreamLeadsMain {
  private StreamLeadsMain() {}

  public static void main(String[] args) {
    AmoCrmClient client = AmoCrmClient.builder()
        .accountDomain(args[1])
        .baseUrl(args[0])
        .clientId(args[2])
        .longLivedToken(System.getenv("AMO_TOKEN"))
        // The mock's window is off for this run; the limiter is tested on its own. At amoCRM's 7
        // per second, 400 pages would take about a minute.
        .rateLimit(RateLimit.perSecond(1_000))
        .build();
    long expected = Long.parseLong(args[3]);
    long count = 0;
    long last = Long.MIN_VALUE;
    boolean ordered = true;
    boolean buffer = args.length > 4 && args[4].equals("buffer");
    List<Lead> kept = new ArrayList<>();
    Iterator<Lead> leads = client.leads().iterator(ListRequest.builder().limit(250).build());
    while (leads.hasNext()) {
      Lead lead = leads.next();
      if (buffer) {
        kept.add(lead);
      }
      ordered &= lead.id() != null && lead.id() > last;
      last = lead.id() == null ? last : lead.id();
      count++;
    }
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("leads=%d ordered=%s kept=%d maxHeapMiB=%d peakHeapUsedMiB=%d%n", count,
        ordered, kept.size(), Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20);
    System.out.flush();
    System.exit(count == expected && ordered ? 0 : 1);
  }
}
