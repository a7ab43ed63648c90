package dev.holdfast.operator.backup;

/**
 * The condition types of a Backup's status. Each marks a step of the protocol as done, so that an
 * operator restarted at any moment knows from the status alone what is left to do.
 */
public final class BackupConditions {
  /** Written before the first pre hook runs: pre hooks may have changed the application. */
  public static final String PRE_HOOKS_STARTED = "PreHooksStarted";

  /** Whether every pre hook with {@code onError: fail} succeeded. */
  public static final String PRE_HOOKS_SUCCEEDED = "PreHooksSucceeded";

  /** The post hooks ran (or were skipped, with the reason); the end was counted and reported. */
  public static final String POST_HOOKS_DONE = "PostHooksDone";

  /** What follows the end (the policy's retention) ran. */
  public static final String FINISHED = "Finished";

  private BackupConditions() {}
}
