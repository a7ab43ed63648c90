package dev.holdfast.core.restore;

import dev.holdfast.core.snapshot.Snapshot;
import java.nio.file.Path;
import java.util.List;

/**
 * What to restore and where.
 *
 * @param subPath a folder or file inside the snapshot to restore alone ("" for everything)
 * @param includes glob patterns; when non-empty only matching entries (and what is below them) are
 *     restored
 * @param excludes glob patterns of entries to leave out
 * @param verify read every restored file back and check it against the snapshot's chunk ids
 * @param sparse write runs of zeros as holes
 */
public record RestoreRequest(
    Snapshot snapshot,
    String subPath,
    Path target,
    List<String> includes,
    List<String> excludes,
    Overwrite overwrite,
    boolean verify,
    boolean sparse) {

  public RestoreRequest {
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
    subPath = subPath == null ? "" : subPath;
  }

  /** Restores all of {@code snapshot} into {@code target} with the defaults. */
  public static RestoreRequest of(Snapshot snapshot, Path target) {
    return new RestoreRequest(
        snapshot, "", target, List.of(), List.of(), Overwrite.ALWAYS, false, true);
  }

  /** The same request with verification switched on or off. */
  public RestoreRequest withVerify(boolean on) {
    return new RestoreRequest(snapshot, subPath, target, includes, excludes, overwrite, on, sparse);
  }

  /** The same request with another overwrite policy. */
  public RestoreRequest withOverwrite(Overwrite policy) {
    return new RestoreRequest(
        snapshot, subPath, target, includes, excludes, policy, verify, sparse);
  }
}
