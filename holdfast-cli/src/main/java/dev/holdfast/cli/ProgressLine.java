package dev.holdfast.cli;

import dev.holdfast.core.concurrent.DaemonThreads;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A progress line redrawn twice a second on the terminal (stderr), and nothing at all when the
 * output is not a terminal, JSON was asked for, or --quiet was given.
 */
public final class ProgressLine implements AutoCloseable {
  private final PrintStream err;
  private final ScheduledExecutorService timer;
  private int lastWidth;

  private ProgressLine(PrintStream err, Supplier<String> text) {
    this.err = err;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("holdfast-progress"));
    timer.scheduleAtFixedRate(() -> draw(text.get()), 500, 500, TimeUnit.MILLISECONDS);
  }

  /** Live counters a progress line shows. */
  public record Counters(
      LongSupplier filesDone,
      LongSupplier totalFiles,
      LongSupplier bytesDone,
      LongSupplier totalBytes,
      BooleanSupplier totalsFinal) {}

  /** True when a progress line will be drawn: on a terminal, without --json or --quiet. */
  public static boolean shown(GlobalOptions global) {
    return System.console() != null && !global.json() && !global.quiet();
  }

  /** Runs {@code work} while a progress line (when {@link #shown}) shows {@code counters}. */
  public static <T> T during(GlobalOptions global, Counters counters, Supplier<T> work) {
    if (!shown(global)) {
      return work.get();
    }
    long start = System.nanoTime();
    try (ProgressLine line =
        new ProgressLine(
            System.err,
            () ->
                describe(
                    counters.filesDone().getAsLong(),
                    counters.totalFiles().getAsLong(),
                    counters.bytesDone().getAsLong(),
                    counters.totalBytes().getAsLong(),
                    start,
                    counters.totalsFinal().getAsBoolean()))) {
      return work.get();
    }
  }

  /** {@code files, bytes, rate, ETA} as one line. */
  public static String describe(
      long files,
      long totalFiles,
      long bytes,
      long totalBytes,
      long startNanos,
      boolean totalsFinal) {
    double seconds = Math.max(0.001, (System.nanoTime() - startNanos) / 1e9);
    double rate = bytes / seconds;
    StringBuilder b = new StringBuilder();
    b.append(files).append(totalFiles > 0 ? "/" + totalFiles : "").append(" files, ");
    b.append(Formats.bytes(bytes));
    if (totalBytes > 0) {
      b.append(" / ").append(Formats.bytes(totalBytes));
      b.append(String.format(" (%.0f%%)", Math.min(100.0, 100.0 * bytes / totalBytes)));
    }
    b.append(", ").append(Formats.bytes((long) rate)).append("/s");
    if (totalsFinal && rate > 0 && totalBytes > bytes) {
      long eta = (long) ((totalBytes - bytes) / rate);
      b.append(", ETA ").append(Formats.duration(java.time.Duration.ofSeconds(eta)));
    }
    return b.toString();
  }

  private synchronized void draw(String line) {
    String padded = line + " ".repeat(Math.max(0, lastWidth - line.length()));
    err.print("\r" + padded);
    err.flush();
    lastWidth = line.length();
  }

  @Override
  public synchronized void close() {
    timer.shutdownNow();
    if (lastWidth > 0) {
      err.print("\r" + " ".repeat(lastWidth) + "\r");
      err.flush();
    }
  }
}
