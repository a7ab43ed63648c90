package dev.holdfast.operator.policy;

import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupPolicy;
import dev.holdfast.operator.api.BackupPolicySpec;
import dev.holdfast.operator.api.BackupSpec;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.api.Restore;
import dev.holdfast.operator.api.RestoreSpec;
import dev.holdfast.operator.kube.KubeTimes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resources a policy creates, built from the policy as it is now: a Backup copies the policy's
 * settings, so that a later edit of the policy does not change a backup already asked for.
 */
final class PolicyResources {
  private PolicyResources() {}

  /** The Backup of {@code claim} for the moment {@code slot}. */
  static Backup backup(BackupPolicy policy, ObjectReference claim, Instant slot) {
    BackupPolicySpec spec = policy.getSpec();
    String name = policy.getMetadata().getName();
    Backup backup = new Backup();
    label(backup.getMetadata(), policy, PolicyNames.backup(name, claim, slot), slot);
    backup.setSpec(
        new BackupSpec(
            spec.repository(),
            claim,
            name,
            spec.hooks(),
            spec.consistency(),
            spec.app(),
            spec.tags()));
    return backup;
  }

  /**
   * The test restore of {@code claim} for {@code slot}: Backup {@code source} restored into a new
   * scratch claim of {@code size} in the claim's namespace, every file verified.
   */
  static Restore testRestore(
      BackupPolicy policy, ObjectReference claim, Instant slot, String source, String size) {
    Restore restore = new Restore();
    label(
        restore.getMetadata(),
        policy,
        PolicyNames.testRestore(policy.getMetadata().getName(), claim, slot),
        slot);
    restore
        .getMetadata()
        .getLabels()
        .put(PolicyNames.TEST_RESTORE_LABEL, policy.getMetadata().getName());
    restore.getMetadata().getAnnotations().put(PolicyNames.CLAIM_ANNOTATION, claim.toString());
    restore.setSpec(
        new RestoreSpec(
            policy.getSpec().repository(),
            new RestoreSpec.RestoreSource(null, source, null),
            new RestoreSpec.RestoreTarget(
                new ObjectReference(claim.namespace(), PolicyNames.scratchClaim(claim, slot)),
                false,
                new RestoreSpec.NewClaim(storageClass(policy).orElse(null), size)),
            null,
            true));
    return restore;
  }

  /**
   * The scratch claim a test restore of {@code source} writes into: like the source (access modes,
   * volume mode, size) in the test restore's storage class, labelled so that no policy backs it up.
   */
  static PersistentVolumeClaim scratchClaim(
      BackupPolicy policy, PersistentVolumeClaim source, Instant slot, String size) {
    ObjectReference claim = reference(source);
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(PolicyNames.scratchClaim(claim, slot))
        .withNamespace(claim.namespace())
        .withLabels(Map.of(PolicyNames.TEST_RESTORE_LABEL, policy.getMetadata().getName()))
        .withAnnotations(Map.of(PolicyNames.SLOT_ANNOTATION, KubeTimes.format(slot)))
        .endMetadata()
        .withNewSpec()
        .withAccessModes(
            source.getSpec() == null || source.getSpec().getAccessModes() == null
                ? List.of("ReadWriteOnce")
                : source.getSpec().getAccessModes())
        .withVolumeMode(source.getSpec() == null ? null : source.getSpec().getVolumeMode())
        .withStorageClassName(storageClass(policy).orElse(null))
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(size)))
        .endResources()
        .endSpec()
        .build();
  }

  /** The requested size of {@code claim} ({@code 10Gi}), else its capacity, if known. */
  static Optional<String> size(PersistentVolumeClaim claim) {
    if (claim.getSpec() != null
        && claim.getSpec().getResources() != null
        && claim.getSpec().getResources().getRequests() != null
        && claim.getSpec().getResources().getRequests().get("storage") != null) {
      return Optional.of(claim.getSpec().getResources().getRequests().get("storage").toString());
    }
    if (claim.getStatus() != null
        && claim.getStatus().getCapacity() != null
        && claim.getStatus().getCapacity().get("storage") != null) {
      return Optional.of(claim.getStatus().getCapacity().get("storage").toString());
    }
    return Optional.empty();
  }

  /** When the API server created {@code policy}, if it says. */
  static Optional<Instant> createdAt(BackupPolicy policy) {
    return KubeTimes.parse(policy.getMetadata().getCreationTimestamp());
  }

  /** {@code claim} as a reference. */
  static ObjectReference reference(PersistentVolumeClaim claim) {
    return new ObjectReference(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
  }

  private static Optional<String> storageClass(BackupPolicy policy) {
    return Optional.ofNullable(policy.getSpec().testRestore())
        .map(t -> t.storageClassName())
        .filter(s -> !s.isBlank());
  }

  private static void label(ObjectMeta meta, BackupPolicy policy, String name, Instant slot) {
    meta.setName(name);
    meta.setNamespace(policy.getMetadata().getNamespace());
    meta.setLabels(new HashMap<>(Map.of(PolicyNames.POLICY_LABEL, policy.getMetadata().getName())));
    meta.setAnnotations(new HashMap<>(Map.of(PolicyNames.SLOT_ANNOTATION, KubeTimes.format(slot))));
    ownerReference(policy).ifPresent(o -> meta.setOwnerReferences(List.of(o)));
  }

  /**
   * The policy as the owner of what it creates in its own namespace, so that deleting the policy
   * deletes its Backup and Restore resources (never their snapshots).
   */
  private static Optional<OwnerReference> ownerReference(BackupPolicy policy) {
    if (policy.getMetadata().getUid() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new OwnerReferenceBuilder()
            .withApiVersion(policy.getApiVersion())
            .withKind(policy.getKind())
            .withName(policy.getMetadata().getName())
            .withUid(policy.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(false)
            .build());
  }

  /** Creates {@code resource}; false when it exists already (created before a restart). */
  static boolean createIfAbsent(KubernetesClient client, HasMetadata resource) {
    try {
      client.resource(resource).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }
}
