package dev.holdfast.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
  @BeforeEach
  void creatorIsNotADaemon() {
    // New threads inherit the creator's daemon flag; from a non-daemon creator only the utility
    // can make them daemons, so the assertions below can fail.
    assertThat(Thread.currentThread().isDaemon()).as("test thread is a daemon").isFalse();
  }

  @Test
  void namedFactoryMakesUnstartedDaemonThreadsWithThatName() {
    ThreadFactory factory = DaemonThreads.named("holdfast-test");

    Thread first = factory.newThread(() -> {});
    Thread second = factory.newThread(() -> {});

    for (Thread thread : List.of(first, second)) {
      assertThat(thread.getName()).isEqualTo("holdfast-test");
      assertThat(thread.isDaemon()).isTrue();
      assertThat(thread.getState()).isEqualTo(Thread.State.NEW);
    }
  }

  @Test
  void poolBuiltOnNamedFactoryRunsTasksOnNamedDaemonThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2, DaemonThreads.named("holdfast-pool"));
    try {
      Future<Thread> ran = pool.submit(Thread::currentThread);

      Thread worker = ran.get(30, TimeUnit.SECONDS);
      assertThat(worker.getName()).isEqualTo("holdfast-pool");
      assertThat(worker.isDaemon()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void startRunsTheTaskOnTheReturnedNamedDaemonThread() throws Exception {
    CompletableFuture<Thread> ranOn = new CompletableFuture<>();

    Thread started =
        DaemonThreads.start("holdfast-started", () -> ranOn.complete(Thread.currentThread()));

    assertThat(ranOn.get(30, TimeUnit.SECONDS)).isSameAs(started);
    assertThat(started.getName()).isEqualTo("holdfast-started");
    assertThat(started.isDaemon()).isTrue();
    started.join();
  }
}
