package dev.holdfast.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.api.Restore;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

class HelperPodsTest {
  @Test
  void theHelperPodMountsTheClaimReadOnlyWithLeastPrivilege() {
    Restore restore = new Restore();
    restore.getMetadata().setName("shop-db");
    restore.getMetadata().setNamespace("holdfast");
    restore.getMetadata().setUid("0b5c3c1e-1111-2222-3333-444455556666");

    Pod pod = HelperPods.build(restore, new ObjectReference("shop", "shop-db"));

    assertThat(pod.getMetadata().getName()).isEqualTo("holdfast-restore-shop-db");
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry(RestoreLabels.RESTORE_UID, "0b5c3c1e-1111-2222-3333-444455556666");
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSpec().getSecurityContext().getFsGroup())
        .as("an fsGroup would make the kubelet chown the restored files")
        .isNull();
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    Container container = pod.getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(HelperPods.IMAGE);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
    assertThat(pod.getSpec().getVolumes())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("shop-db");
              assertThat(v.getPersistentVolumeClaim().getReadOnly())
                  .as("the agent writes through the kubelet's folder")
                  .isNotEqualTo(Boolean.TRUE);
            });
  }
}
