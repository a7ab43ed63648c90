package dev.holdfast.core.retention;

import java.util.Optional;

/**
 * One rule of a retention policy: it sees the snapshots of a group one by one, newest first, and
 * says for each whether it keeps it, and why. Rules are independent: every rule sees every
 * snapshot, whatever other rules decided, and a snapshot is kept when at least one rule keeps it.
 * New kinds of retention are new rules.
 */
public interface KeepRule {

  /** Starts this rule on one group; the judge is asked about each snapshot once, newest first. */
  Judge start(PlanContext group);

  /** A rule at work on one group; it may keep state from one snapshot to the next. */
  @FunctionalInterface
  interface Judge {
    /** The reason this rule keeps {@code candidate}, or empty when it does not keep it. */
    Optional<String> reasonToKeep(Candidate candidate);
  }
}
