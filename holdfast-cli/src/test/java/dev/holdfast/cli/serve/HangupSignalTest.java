package dev.holdfast.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

  /**
   * Under {@code nohup} the process ignores SIGHUP and the JVM never calls a handler for it: none
   * is said to be installed (serve then does not claim to reload on SIGHUP).
   */
  @Test
  void aProcessThatIgnoresSighupGetsNoHandler() throws Exception {
    assumeTrue(probe("").equals("installed"), "this JVM cannot handle SIGHUP");

    assertThat(probe("trap '' HUP; ")).isEqualTo("not installed");
  }

  /** What {@link HangupSignalProbe} prints in a child JVM started by bash after {@code prefix}. */
  private static String probe(String prefix) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                "bash",
                "-c",
                prefix + "exec \"$0\" -cp \"$1\" " + HangupSignalProbe.class.getName(),
                java,
                System.getProperty("java.class.path"))
            .redirectErrorStream(true)
            .start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(child.waitFor()).as(out).isZero();
    return out;
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
