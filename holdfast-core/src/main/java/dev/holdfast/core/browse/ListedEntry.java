package dev.holdfast.core.browse;

import dev.holdfast.core.snapshot.Metadata;
import dev.holdfast.core.snapshot.TreeCodec;
import dev.holdfast.core.snapshot.TreeEntry;

/**
 * One entry as {@code ls} shows it.
 *
 * @param path slash-separated path inside the snapshot, starting with '/'
 * @param type file, dir, symlink or special
 * @param target a symlink's target, else empty
 */
public record ListedEntry(String path, String type, long size, Metadata meta, String target) {

  static ListedEntry of(String path, TreeEntry e) {
    long size = e instanceof TreeEntry.File f ? f.size() : 0;
    String target = e instanceof TreeEntry.Symlink s ? s.target() : "";
    return new ListedEntry("/" + path, TreeCodec.typeName(e), size, e.meta(), target);
  }
}
