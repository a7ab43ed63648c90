package dev.holdfast.core.snapshot;

import dev.holdfast.core.id.ChunkId;
import java.util.List;

/**
 * One entry of a directory tree: a regular file, a directory, a symbolic link, or a special file
 * (fifo, socket, device). The set is closed: the format knows exactly these kinds.
 */
public sealed interface TreeEntry
    permits TreeEntry.File, TreeEntry.Directory, TreeEntry.Symlink, TreeEntry.Special {

  /** The entry's name inside its directory; never empty, never {@code .}/{@code ..}, no slash. */
  String name();

  /** File-system metadata. */
  Metadata meta();

  /** A regular file: its size and the ids of its chunks in order. */
  record File(String name, Metadata meta, long size, List<ChunkId> content) implements TreeEntry {
    public File {
      TreeNames.requireValid(name);
      content = List.copyOf(content);
      if (size < 0) {
        throw new IllegalArgumentException("negative size for " + name);
      }
    }
  }

  /** A directory: its own tree is stored as a blob named {@code subtree}. */
  record Directory(String name, Metadata meta, ChunkId subtree) implements TreeEntry {
    public Directory {
      TreeNames.requireValid(name);
    }
  }

  /** A symbolic link and the text it points to (restored as is, never followed). */
  record Symlink(String name, Metadata meta, String target) implements TreeEntry {
    public Symlink {
      TreeNames.requireValid(name);
      if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("invalid symlink target for " + name);
      }
    }
  }

  /** A fifo, socket or device node, recorded with its metadata. */
  record Special(String name, Metadata meta, SpecialKind kind, long rdev) implements TreeEntry {
    public Special {
      TreeNames.requireValid(name);
    }
  }

  /** The kinds of special file. */
  enum SpecialKind {
    FIFO,
    SOCKET,
    CHAR_DEVICE,
    BLOCK_DEVICE
  }
}
