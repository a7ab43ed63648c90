package dev.holdfast.operator.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Which snapshot to restore, and where.
 *
 * @param repository the name of a BackupRepository in this namespace
 * @param source exactly one of a snapshot id, a Backup's name, or the newest clean snapshot of a
 *     claim
 * @param target the claim to write into
 * @param paths only these paths of the snapshot (and what is below them); empty means everything
 * @param verify re-hash every file written and compare with the snapshot (test restores do)
 */
public record RestoreSpec(
    @Required @Pattern(DnsNames.SUBDOMAIN) String repository,
    @Required RestoreSource source,
    @Required RestoreTarget target,
    List<String> paths,
    Boolean verify) {

  /**
   * Which snapshot.
   *
   * @param snapshot a snapshot id (or a unique prefix of one, at least 4 hex characters)
   * @param backup the name of a completed Backup in this namespace
   * @param latestClean the newest snapshot of a claim whose posture passes a gate
   */
  @ValidationRule(
      value =
          "[has(self.snapshot), has(self.backup), has(self.latestClean)].filter(x, x).size() == 1",
      message = "give exactly one of snapshot, backup, latestClean")
  public record RestoreSource(
      @Pattern("^[0-9a-fA-F]{4,64}$") String snapshot,
      @Pattern(DnsNames.SUBDOMAIN) String backup,
      LatestClean latestClean) {}

  /**
   * The newest snapshot of {@code claim} whose app versions pass {@code gate}; newer snapshots are
   * listed in the status with the reason each was skipped.
   *
   * @param claim the claim whose snapshots are searched
   * @param app the application whose findings judge the snapshots; absent means every app recorded
   * @param gate the lowest severity that fails (default {@code high})
   */
  public record LatestClean(
      @Required ObjectReference claim,
      String app,
      @Pattern("^(critical|high|medium|low|info)$") String gate) {}

  /**
   * Where to write.
   *
   * @param claim the claim; it is created when {@code create} is given and it does not exist
   * @param inPlace true allows writing into a claim that workloads use: they are scaled to zero
   *     first and back afterwards
   * @param create the new claim's storage class and size
   */
  public record RestoreTarget(@Required ObjectReference claim, Boolean inPlace, NewClaim create) {}

  /**
   * A claim the restore creates.
   *
   * @param storageClassName its storage class; absent means the cluster default
   * @param size its requested size, a Kubernetes quantity such as {@code 10Gi}
   */
  public record NewClaim(
      @Pattern(DnsNames.SUBDOMAIN) String storageClassName,
      @Required @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$") String size) {}
}
