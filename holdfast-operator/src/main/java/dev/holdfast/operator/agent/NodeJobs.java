package dev.holdfast.operator.agent;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs an agent runs (backups and restores of volumes on its node): at most {@code
 * maxConcurrent} at once, the rest waiting in order; every accepted job, waiting or running, stamps
 * a heartbeat every {@code heartbeatInterval}, so the operator can tell a job that waits from one
 * whose agent is gone. The reconcile thread only hands a job over and returns: a backup may run for
 * hours, and the JOSDK's threads must stay free for other resources.
 */
public final class NodeJobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeJobs.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /** One job: runs once; its heartbeat is stamped while it waits and while it runs. */
  public interface Job {
    /**
     * Does the work. When {@code cancelled} turns true (the agent stops, or the heartbeat found the
     * job no longer wanted) the thread is also interrupted, and the job must write nothing more.
     */
    void run(BooleanSupplier cancelled);

    /**
     * Stamps a sign of life on the job's resource.
     *
     * @return false when the resource no longer wants this job (it ended elsewhere, or was deleted
     *     or reassigned): the job is then cancelled
     */
    boolean heartbeat();
  }

  private final ExecutorService workers;
  private final ScheduledExecutorService beats;
  private final Map<String, Accepted> jobs = new ConcurrentHashMap<>();

  /** Runs at most {@code maxConcurrent} jobs at once, stamping heartbeats at {@code interval}. */
  public NodeJobs(int maxConcurrent, Duration interval) {
    this.workers = Executors.newFixedThreadPool(maxConcurrent, threads("holdfast-agent-job-"));
    this.beats = Executors.newSingleThreadScheduledExecutor(threads("holdfast-agent-heartbeat-"));
    beats.scheduleWithFixedDelay(
        this::heartbeats, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Accepts {@code job} under {@code key} unless a job with that key is already waiting or running.
   *
   * @return whether it was accepted
   */
  public boolean submit(String key, Job job) {
    Accepted accepted = new Accepted(job);
    if (jobs.putIfAbsent(key, accepted) != null) {
      return false;
    }
    accepted.future =
        workers.submit(
            () -> {
              try {
                if (!accepted.cancelled.get()) {
                  job.run(accepted.cancelled::get);
                }
              } catch (RuntimeException e) {
                LOG.error("job {} failed unexpectedly", key, e);
              } finally {
                jobs.remove(key, accepted);
              }
            });
    return true;
  }

  /** Whether a job with {@code key} is waiting or running. */
  public boolean accepted(String key) {
    return jobs.containsKey(key);
  }

  /**
   * Cancels the job under {@code key}, waiting or running, if there is one (its resource was
   * deleted): it stops and writes nothing more.
   */
  public void cancel(String key) {
    Accepted accepted = jobs.get(key);
    if (accepted != null) {
      LOG.info("job {} is no longer wanted; stopping it", key);
      cancel(key, accepted);
    }
  }

  private void heartbeats() {
    jobs.forEach(
        (key, accepted) -> {
          try {
            if (!accepted.job.heartbeat()) {
              LOG.info("job {} is no longer wanted; stopping it", key);
              cancel(key, accepted);
            }
          } catch (RuntimeException e) {
            // An API server that does not answer now may answer at the next beat; the operator's
            // grace covers several missed ones.
            LOG.warn("heartbeat of job {} failed: {}", key, e.toString());
          }
        });
  }

  private void cancel(String key, Accepted accepted) {
    accepted.cancelled.set(true);
    Future<?> future = accepted.future;
    if (future != null) {
      future.cancel(true);
    }
    jobs.remove(key, accepted);
  }

  /** Stops every job (they write nothing more) and the heartbeats. */
  @Override
  public void close() {
    jobs.forEach(this::cancel);
    beats.shutdownNow();
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("some jobs did not stop within {}", STOP_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static final class Accepted {
    final Job job;
    final AtomicBoolean cancelled = new AtomicBoolean();
    volatile Future<?> future;

    Accepted(Job job) {
      this.job = job;
    }
  }
}
