package dev.holdfast.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepositorySlotsTest {
  private static final String REPO = "holdfast/main";

  private final RepositorySlots slots = new RepositorySlots();

  @Test
  void runningBackupsInTheCacheHoldSlots() {
    List<Backup> cache = List.of(backup("a", running()), backup("b", running()), backup("c", null));

    assertThat(slots.admit(REPO, "c", cache, 2)).isFalse();
    assertThat(slots.admit(REPO, "c", cache, 3)).isTrue();
  }

  @Test
  void anAdmittedBackupHoldsItsSlotBeforeTheCacheShowsIt() {
    List<Backup> cache = List.of(backup("a", null), backup("b", null));

    assertThat(slots.admit(REPO, "a", cache, 1)).isTrue();
    assertThat(slots.admit(REPO, "b", cache, 1)).as("a is still Pending in the cache").isFalse();
  }

  @Test
  void aBackupWhosePreHooksBeganHoldsItsSlotAfterARestart() {
    BackupStatus preHooks =
        BackupStatusBuilder.from(null)
            .phase(BackupPhase.PENDING)
            .condition(BackupConditions.PRE_HOOKS_STARTED, true, "Started", "", 1, Instant.EPOCH)
            .build();
    List<Backup> cache = List.of(backup("a", preHooks), backup("b", null));

    assertThat(new RepositorySlots().admit(REPO, "b", cache, 1)).isFalse();
  }

  @Test
  void aSlotIsFreeAgainOnceItsBackupEndedOrWasReleased() {
    List<Backup> pending = List.of(backup("a", null), backup("b", null));
    assertThat(slots.admit(REPO, "a", pending, 1)).isTrue();

    BackupStatus failed = BackupStatusBuilder.from(null).phase(BackupPhase.FAILED).build();
    assertThat(slots.admit(REPO, "b", List.of(backup("a", failed), backup("b", null)), 1)).isTrue();
    slots.release(REPO, "b");
    assertThat(slots.admit(REPO, "c", List.of(backup("b", null), backup("c", null)), 1)).isTrue();
  }

  @Test
  void repositoriesHaveTheirOwnSlots() {
    List<Backup> cache = List.of(backup("a", null), backup("b", null));

    assertThat(slots.admit(REPO, "a", cache, 1)).isTrue();
    assertThat(slots.admit("holdfast/other", "b", cache, 1)).isTrue();
  }

  private static BackupStatus running() {
    return BackupStatusBuilder.from(null).phase(BackupPhase.RUNNING).build();
  }

  private static Backup backup(String uid, BackupStatus status) {
    Backup backup = new Backup();
    backup.getMetadata().setName(uid);
    backup.getMetadata().setUid(uid);
    backup.setStatus(status);
    return backup;
  }
}
