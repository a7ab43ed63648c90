package dev.holdfast.operator.agent;

import dev.holdfast.core.concurrent.Cancellation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a node agent may go on writing a restore, judged from its heartbeats: not once a beat
 * found the Restore ended, reassigned or gone, and not once its beats have failed for so long that
 * the operator may already have failed the Restore as stalled and deleted its helper pod (the
 * kubelet then unmounts the volume, and writes would land on the node's own disk). The agent stops
 * trusting its beats one {@code margin} before the operator's grace runs out, as a lock holder
 * stops trusting its lock before anyone may call it stale. Thread-safe.
 */
final class RestoreBeat implements Cancellation {
  private final Clock clock;
  private final Duration trustedFor;
  private volatile boolean ended;
  private volatile Instant lastReported;

  /**
   * @param grace how long the operator waits for a heartbeat before it fails the Restore
   * @param margin how much sooner than that the agent gives up (clock skew, a beat in flight)
   */
  RestoreBeat(Clock clock, Duration grace, Duration margin) {
    this.clock = clock;
    Duration trusted = grace.minus(margin);
    this.trustedFor = trusted.isNegative() || trusted.isZero() ? grace.dividedBy(2) : trusted;
    this.lastReported = clock.instant();
  }

  /** A beat reached the Restore while it was still this agent's. */
  void reported() {
    lastReported = clock.instant();
  }

  /** A beat found the Restore ended, reassigned or gone. */
  void ended() {
    ended = true;
  }

  @Override
  public boolean requested() {
    return ended || Duration.between(lastReported, clock.instant()).compareTo(trustedFor) > 0;
  }
}
