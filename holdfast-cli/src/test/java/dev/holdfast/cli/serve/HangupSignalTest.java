package dev.holdfast.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SIGHUP runs every installed action, a closed holder's action no more, and the JVM's own handler
 * returns when the last holder closes. The test signals its own JVM, only while a handler of this
 * class is installed (otherwise SIGHUP would end the JVM).
 */
class HangupSignalTest {
  @Test
  void sighupRunsTheActionsOfOpenHoldersOnly() throws Exception {
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    HangupSignal one = HangupSignal.install(first::incrementAndGet);
    assumeTrue(one != null, "this JVM cannot handle SIGHUP");
    HangupSignal two = HangupSignal.install(second::incrementAndGet);
    try {
      hangup();
      await(first, 1);
      await(second, 1);

      one.close();
      assertThat(HangupSignal.installed()).isTrue();
      hangup();
      // Both actions run in one pass, the first holder's first: had it still been installed, it
      // would have run before the second reached 2.
      await(second, 2);
      assertThat(first).hasValue(1);
    } finally {
      one.close();
      two.close();
    }
    assertThat(HangupSignal.installed()).isFalse();
  }

  private static void hangup() throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
    assertThat(kill.waitFor()).isZero();
  }

  private static void await(AtomicInteger counter, int value) throws InterruptedException {
    Instant limit = Instant.now().plus(Duration.ofSeconds(30));
    while (counter.get() < value) {
      assertThat(Instant.now()).as("SIGHUP handled").isBefore(limit);
      Thread.sleep(10);
    }
  }
}
