package io.github.farolero.amocrm.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A memory-mapped file that test processes share: a clock the parent moves (a {@code
 * MutableClock} across processes, so that the mock and every client agree on when tokens expire
 * without any test waiting for real time), the step of the run, a stop flag, and each worker's
 * progress. Reads and writes are volatile 8-byte accesses to the shared page.
 */
final class SharedControl implements AutoCloseable {

  private static final VarHandle LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final int CLOCK = 0;
  private static final int STEP = 8;
  private static final int STOP = 16;
  private static final int PROGRESS = 64;
  static final int MAX_WORKERS = 32;

  private final FileChannel channel;
  private final MappedByteBuffer page;

  private SharedControl(Path file) {
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      page = channel.map(FileChannel.MapMode.READ_WRITE, 0, 4096);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates the file, with the clock at {@code start} and every worker's progress at -1. */
  static SharedControl create(Path file, Instant start) {
    SharedControl c = new SharedControl(file);
    c.setClock(start);
    LONGS.setVolatile(c.page, STEP, 0L);
    LONGS.setVolatile(c.page, STOP, 0L);
    for (int i = 0; i < MAX_WORKERS; i++) {
      LONGS.setVolatile(c.page, PROGRESS + 8 * i, -1L);
    }
    return c;
  }

  /** Opens a file the parent created. */
  static SharedControl open(Path file) {
    return new SharedControl(file);
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  Instant now() {
    return Instant.EPOCH.plus((long) LONGS.getVolatile(page, CLOCK), ChronoUnit.MICROS);
  }

  void setClock(Instant t) {
    LONGS.setVolatile(page, CLOCK, micros(t));
  }

  Instant advance(Duration d) {
    Instant next = now().plus(d);
    setClock(next);
    return next;
  }

  long step() {
    return (long) LONGS.getVolatile(page, STEP);
  }

  void setStep(long step) {
    LONGS.setVolatile(page, STEP, step);
  }

  boolean stopped() {
    return (long) LONGS.getVolatile(page, STOP) != 0;
  }

  void stop() {
    LONGS.setVolatile(page, STOP, 1L);
  }

  long progress(int worker) {
    return (long) LONGS.getVolatile(page, PROGRESS + 8 * worker);
  }

  void setProgress(int worker, long step) {
    LONGS.setVolatile(page, PROGRESS + 8 * worker, step);
  }

  /** A {@link Clock} on the shared time. */
  Clock clock() {
    return new Clock() {
      @Override
      public Instant instant() {
        return now();
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public String toString() {
        return "SharedClock{" + now() + '}';
      }
    };
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // test teardown
    }
  }
}
