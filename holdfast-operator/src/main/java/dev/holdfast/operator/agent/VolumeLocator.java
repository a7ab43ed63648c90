package dev.holdfast.operator.agent;

import dev.holdfast.core.NotFound;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds where the kubelet mounted a pod's volume on this node: {@code
 * <kubelet>/pods/<pod-uid>/volumes/<plugin>/<name>}, where the plugin folder is {@code
 * kubernetes.io~csi} (CSI drivers, which mount at {@code .../<pv-name>/mount}), {@code
 * kubernetes.io~local-volume}, {@code kubernetes.io~nfs} and so on, and the name is the
 * PersistentVolume's name. Names are checked before use so that nothing from the API can point the
 * agent outside the kubelet's pod folders.
 */
public final class VolumeLocator {
  private static final Pattern UID = Pattern.compile("[0-9a-fA-F-]{1,64}");
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private final Path kubeletRoot;

  /** Looks under {@code kubeletRoot} (on a node, {@code /var/lib/kubelet}). */
  public VolumeLocator(Path kubeletRoot) {
    this.kubeletRoot = kubeletRoot.toAbsolutePath().normalize();
  }

  /**
   * The folder holding the data of PersistentVolume {@code volumeName} as mounted for pod {@code
   * podUid}.
   *
   * @throws NotFound when the pod has no such volume on this node (e.g. it runs elsewhere)
   * @throws IllegalArgumentException when the uid or name is not one the API could have given
   */
  public Path locate(String podUid, String volumeName) {
    if (!UID.matcher(podUid).matches()) {
      throw new IllegalArgumentException("not a pod uid: '" + podUid + "'");
    }
    if (!NAME.matcher(volumeName).matches()) {
      throw new IllegalArgumentException("not a volume name: '" + volumeName + "'");
    }
    Path volumes = kubeletRoot.resolve("pods").resolve(podUid).resolve("volumes");
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(volumes, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> plugins = Files.newDirectoryStream(volumes)) {
        for (Path plugin : plugins) {
          Path candidate = plugin.resolve(volumeName);
          if (Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
            Path csiMount = candidate.resolve("mount");
            found.add(
                Files.isDirectory(csiMount, LinkOption.NOFOLLOW_LINKS) ? csiMount : candidate);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + volumes, e);
      }
    }
    if (found.size() != 1) {
      throw new NotFound(
          found.isEmpty()
              ? "volume "
                  + volumeName
                  + " of pod "
                  + podUid
                  + " is not mounted on this node (looked in "
                  + volumes
                  + ")"
              : "volume " + volumeName + " of pod " + podUid + " is mounted twice: " + found);
    }
    return found.get(0);
  }
}
