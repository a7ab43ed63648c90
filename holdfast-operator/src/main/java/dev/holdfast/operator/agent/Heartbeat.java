package dev.holdfast.operator.agent;

import dev.holdfast.core.concurrent.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a beat (stamping a job's heartbeat into its resource's status) now and then every interval,
 * on a daemon thread of its own, until closed; a beat that fails is logged and the next one tried,
 * since a missed heartbeat is only late, while a stopped one would fail the job.
 */
public final class Heartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

  private final ScheduledExecutorService timer;

  private Heartbeat(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Starts beating {@code beat} every {@code interval}; {@code what} names it in logs. */
  public static Heartbeat every(Duration interval, Runnable beat, String what) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("heartbeat " + what));
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            beat.run();
          } catch (RuntimeException e) {
            LOG.warn("heartbeat of {} failed: {}", what, e.getMessage());
          }
        },
        0,
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return new Heartbeat(timer);
  }

  /** Stops beating; a beat in progress finishes first. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      timer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
