package dev.holdfast.core.snapshot;

/**
 * The file-system metadata of one tree entry. Times are nanoseconds since the epoch; {@code inode},
 * {@code device}, {@code ctimeNs} and {@code links} serve change detection and hard-link restore.
 * Names of owner and group are kept beside the numbers so a restore on another host can map them.
 *
 * @param mode permission bits (including setuid, setgid, sticky), without the file type
 */
public record Metadata(
    int mode,
    int uid,
    int gid,
    String user,
    String group,
    long mtimeNs,
    long ctimeNs,
    long inode,
    long device,
    int links) {

  public Metadata {
    if (mode < 0 || mode > 07777) {
      throw new IllegalArgumentException("mode out of range: " + Integer.toOctalString(mode));
    }
    if (links < 0) {
      throw new IllegalArgumentException("link count is negative");
    }
    user = user == null ? "" : user;
    group = group == null ? "" : group;
  }
}
