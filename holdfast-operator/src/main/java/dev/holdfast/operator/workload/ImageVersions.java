package dev.holdfast.operator.workload;

import dev.holdfast.core.snapshot.AppVersion;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The application versions a set of pods runs: the image digest ({@code sha256:...}) of each
 * container, as the kubelet reports it in {@code status.containerStatuses[].imageID}. A digest
 * names exactly one build, unlike a tag, so posture can tie findings to it.
 */
public final class ImageVersions {
  private static final String DIGEST = "@sha256:";

  private ImageVersions() {}

  /**
   * One app version per distinct image digest among {@code pods}' containers, all filed under
   * {@code app}; containers whose digest is not yet known are left out.
   */
  public static List<AppVersion> of(String app, List<Pod> pods) {
    Set<String> digests = new LinkedHashSet<>();
    for (Pod pod : pods) {
      if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
        continue;
      }
      for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
        String imageId = container.getImageID();
        if (imageId == null) {
          continue;
        }
        int at = imageId.indexOf(DIGEST);
        if (at >= 0) {
          digests.add(imageId.substring(at + 1));
        }
      }
    }
    List<AppVersion> versions = new ArrayList<>();
    for (String digest : digests) {
      versions.add(new AppVersion(app, digest));
    }
    return List.copyOf(versions);
  }
}
