package dev.holdfast.operator.agent;

import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class NodeJobsTest {
  private static final Duration BEAT = Duration.ofMillis(20);

  @Test
  void atMostTheBoundRunAtOnceAndWaitingJobsHeartbeatToo() throws Exception {
    try (NodeJobs jobs = new NodeJobs(1, BEAT)) {
      FakeJob first = new FakeJob(true);
      FakeJob second = new FakeJob(false);
      jobs.submit("first", first);
      first.awaitStarted();
      jobs.submit("second", second);

      await("the waiting job's heartbeats", second.beats::get, n -> n >= 3);
      assertThat(second.started.getCount()).as("second has not started").isEqualTo(1);
      first.release.countDown();
      second.awaitStarted();
      await("both done", () -> jobs.accepted("first") || jobs.accepted("second"), busy -> !busy);
    }
  }

  @Test
  void aKeyIsAcceptedOnceWhileItsJobWaitsOrRuns() throws Exception {
    try (NodeJobs jobs = new NodeJobs(1, BEAT)) {
      FakeJob job = new FakeJob(true);
      assertThat(jobs.submit("uid-1", job)).isTrue();
      job.awaitStarted();

      assertThat(jobs.submit("uid-1", new FakeJob(false))).isFalse();
      job.release.countDown();
      await("the job ended", () -> jobs.accepted("uid-1"), accepted -> !accepted);
      assertThat(jobs.submit("uid-1", new FakeJob(false))).as("accepted again once ended").isTrue();
    }
  }

  @Test
  void aJobNoLongerWantedIsCancelledAndInterrupted() throws Exception {
    try (NodeJobs jobs = new NodeJobs(1, BEAT)) {
      FakeJob job = new FakeJob(true);
      jobs.submit("unwanted", job);
      job.awaitStarted();

      job.wanted.set(false);

      assertThat(job.interrupted.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(job.cancelledSeen.get()).isTrue();
      await("the job left", () -> jobs.accepted("unwanted"), accepted -> !accepted);
    }
  }

  @Test
  void aJobCancelledByKeyStopsWhetherItRunsOrWaits() throws Exception {
    try (NodeJobs jobs = new NodeJobs(1, BEAT)) {
      FakeJob running = new FakeJob(true);
      FakeJob waiting = new FakeJob(true);
      jobs.submit("running", running);
      running.awaitStarted();
      jobs.submit("waiting", waiting);

      jobs.cancel("waiting");
      jobs.cancel("running");
      jobs.cancel("unknown");

      assertThat(running.interrupted.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(running.cancelledSeen.get()).isTrue();
      assertThat(jobs.accepted("running")).isFalse();
      assertThat(jobs.accepted("waiting")).isFalse();
      FakeJob next = new FakeJob(false);
      jobs.submit("next", next);
      next.awaitStarted();
      assertThat(waiting.started.getCount()).as("the waiting job never ran").isEqualTo(1);
    }
  }

  @Test
  void closingInterruptsRunningJobs() throws Exception {
    FakeJob job = new FakeJob(true);
    NodeJobs jobs = new NodeJobs(2, BEAT);
    jobs.submit("running", job);
    job.awaitStarted();

    jobs.close();

    assertThat(job.interrupted.getCount()).isZero();
    assertThat(job.cancelledSeen.get()).isTrue();
  }

  /** A job that can hold until released, and counts its heartbeats. */
  private static final class FakeJob implements NodeJobs.Job {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch interrupted = new CountDownLatch(1);
    final AtomicInteger beats = new AtomicInteger();
    final AtomicBoolean wanted = new AtomicBoolean(true);
    final AtomicBoolean cancelledSeen = new AtomicBoolean();
    private final boolean holds;

    FakeJob(boolean holds) {
      this.holds = holds;
    }

    @Override
    public void run(BooleanSupplier cancelled) {
      started.countDown();
      if (!holds) {
        return;
      }
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        cancelledSeen.set(cancelled.getAsBoolean());
        interrupted.countDown();
      }
    }

    @Override
    public boolean heartbeat() {
      beats.incrementAndGet();
      return wanted.get();
    }

    void awaitStarted() throws InterruptedException {
      assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
    }
  }
}
