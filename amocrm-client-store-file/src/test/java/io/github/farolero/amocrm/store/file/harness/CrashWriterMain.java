package io.github.farolero.amocrm.store.file.harness;

import io.github.farolero.amocrm.store.TokenRecord;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The crash harness's writer. Prints {@code STARTED} once the JVM is up, waits for {@code GO} on
 * stdin (so the harness can start the next writer while this one runs), then saves the
 * harness's records in a loop, printing {@code BEGIN v} before each write and {@code ACK v}
 * after it returned, until it is killed.
 *
 * <p>Args: the directory, a scratch directory to warm up in, and optionally how many writes to
 * do before exiting. Exits if its
 * stdout is gone, so a writer whose parent died does not write on forever.
 */
public final class CrashWriterMain {
  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    // Warm the write path up (class loading, the store's first writes) in a scratch directory
    // before reporting STARTED, so that after GO the writes come at full speed and the
    // harness's random kill lands among them.
    Path scratch = Path.of(args[1], "warmup-" + ProcessHandle.current().pid());
    FileTokenStore warm = FileTokenStore.of(scratch);
    warm.write(CrashRecords.record(1));
    warm.write(CrashRecords.record(2));
    warm.load(CrashRecords.KEY);
    out.println("STARTED");
    out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8));
    String go = in.readLine();
    if (!"GO".equals(go)) {
      System.exit(2);
    }
    FileTokenStore store = FileTokenStore.of(Path.of(args[0]));
    long v = store.load(CrashRecords.KEY).map(TokenRecord::version).orElse(0L);
    long stop = args.length > 2 ? v + Long.parseLong(args[2]) : Long.MAX_VALUE;
    out.println("READY " + v);
    out.flush();
    while (v < stop) {
      if (out.checkError()) {
        System.exit(3);
      }
      v++;
      out.println("BEGIN " + v);
      out.flush();
      store.write(CrashRecords.record(v));
      out.println("ACK " + v);
      out.flush();
    }
  }
}
