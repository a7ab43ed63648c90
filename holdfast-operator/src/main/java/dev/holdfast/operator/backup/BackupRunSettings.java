package dev.holdfast.operator.backup;

import java.time.Duration;

/**
 * How the operator runs Backups.
 *
 * @param maxRunningPerRepository how many Backups may read volumes into one repository at once; the
 *     others wait in Pending
 * @param heartbeatGrace how old the agent's last heartbeat may grow before a Running Backup is
 *     failed as abandoned (the agent stamps one every {@code AgentSettings.heartbeatInterval})
 * @param recheck how often a waiting Backup (for a slot, a CSI snapshot, a data mover) and a
 *     Running one are looked at again when nothing else happens
 * @param moverImage the image of the data-mover pod that mounts a CSI snapshot's clone: anything
 *     that sleeps ({@code registry.k8s.io/pause})
 */
public record BackupRunSettings(
    int maxRunningPerRepository, Duration heartbeatGrace, Duration recheck, String moverImage) {
  public BackupRunSettings {
    if (maxRunningPerRepository < 1) {
      throw new IllegalArgumentException("maxRunningPerRepository must be at least 1");
    }
    if (heartbeatGrace.isNegative() || heartbeatGrace.isZero()) {
      throw new IllegalArgumentException("heartbeatGrace must be positive");
    }
    if (recheck.isNegative() || recheck.isZero()) {
      throw new IllegalArgumentException("recheck must be positive");
    }
  }

  /** Four per repository, a minute of grace (six missed heartbeats), a look every 15 s. */
  public static BackupRunSettings defaults() {
    return new BackupRunSettings(
        4, Duration.ofMinutes(1), Duration.ofSeconds(15), "registry.k8s.io/pause:3.10");
  }

  /** The same settings with another bound per repository. */
  public BackupRunSettings withMaxRunningPerRepository(int max) {
    return new BackupRunSettings(max, heartbeatGrace, recheck, moverImage);
  }

  /** The same settings with another grace and recheck interval. */
  public BackupRunSettings withTimes(Duration grace, Duration newRecheck) {
    return new BackupRunSettings(maxRunningPerRepository, grace, newRecheck, moverImage);
  }
}
