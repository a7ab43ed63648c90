package dev.holdfast.operator.restore;

import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.api.Restore;
import dev.holdfast.operator.api.RestoreSpec.NewClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/**
 * The claim a restore writes into: found, or created (ReadWriteOnce, the size and storage class the
 * Restore gives) when it does not exist and the Restore asks for it.
 */
public final class TargetClaims {
  private final KubernetesClient client;

  /** Reads and creates claims with {@code client}. */
  public TargetClaims(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The target claim of {@code restore}, created first if it is absent and {@code
   * spec.target.create} is given.
   *
   * @throws NotFound when it is absent and {@code create} is not given
   * @throws UsageError when it is being deleted, or {@code create.size} is not a quantity
   */
  public PersistentVolumeClaim ensure(Restore restore) {
    ObjectReference ref = restore.getSpec().target().claim();
    PersistentVolumeClaim claim = get(ref);
    if (claim != null) {
      if (claim.getMetadata().getDeletionTimestamp() != null) {
        throw new UsageError("claim " + ref + " is being deleted");
      }
      return claim;
    }
    NewClaim create = restore.getSpec().target().create();
    if (create == null) {
      throw new NotFound(
          "claim "
              + ref
              + " does not exist; give spec.target.create (size, and storageClassName unless the"
              + " default) to have it created");
    }
    try {
      return client
          .persistentVolumeClaims()
          .inNamespace(ref.namespace())
          .resource(build(restore, create))
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return get(ref);
      }
      throw e;
    }
  }

  private PersistentVolumeClaim get(ObjectReference ref) {
    return client.persistentVolumeClaims().inNamespace(ref.namespace()).withName(ref.name()).get();
  }

  private static PersistentVolumeClaim build(Restore restore, NewClaim create) {
    ObjectReference ref = restore.getSpec().target().claim();
    Quantity size;
    try {
      size = new Quantity(create.size());
      Quantity.getAmountInBytes(size);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new UsageError(
          "spec.target.create.size: '" + create.size() + "' is not a quantity such as 10Gi");
    }
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(ref.name())
        .withNamespace(ref.namespace())
        .withLabels(
            RestoreLabels.of(restore.getMetadata().getName(), restore.getMetadata().getUid()))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(create.storageClassName())
        .withNewResources()
        .addToRequests("storage", size)
        .endResources()
        .endSpec()
        .build();
  }
}
