package dev.holdfast.core.testing;

import dev.holdfast.core.content.BlobSaver;
import dev.holdfast.core.content.BlobType;
import dev.holdfast.core.content.IndexWriter;
import dev.holdfast.core.content.Packer;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStats;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes hand-made trees and snapshots straight into a repository, bypassing the validation of the
 * backup job, to test what readers do with hostile or broken content.
 */
public final class CraftedSnapshots {
  private final Repository repo;

  public CraftedSnapshots(Repository repo) {
    this.repo = repo;
  }

  /** Stores raw blobs ({@code type}) and returns their ids, in order. */
  public List<ChunkId> storeBlobs(BlobType type, byte[]... blobs) {
    IndexWriter iw = new IndexWriter(repo.store(), repo.key().objectSealer(), repo.random(), 16);
    try (Packer packer =
            new Packer(repo.store(), repo.key(), repo.index(), iw, repo.random(), 1 << 20, 1);
        BlobSaver saver = new BlobSaver(repo.key(), packer, 3)) {
      List<ChunkId> ids = new java.util.ArrayList<>();
      for (byte[] b : blobs) {
        ids.add(saver.save(type, b, 0, b.length).id());
      }
      packer.flush();
      return ids;
    }
  }

  /** Stores {@code json} as a tree blob. */
  public ChunkId tree(String json) {
    return storeBlobs(BlobType.TREE, json.getBytes(StandardCharsets.UTF_8)).get(0);
  }

  /** A snapshot whose root is tree {@code root}. */
  public Snapshot snapshot(ChunkId root) {
    return repo.snapshots()
        .save(
            new Snapshot(
                SnapshotId.random(repo.random()),
                OffsetDateTime.now(),
                "crafted",
                "",
                "file://crafted/x",
                List.of("/x"),
                List.of(),
                new TreeMap<>(),
                List.of(),
                Optional.empty(),
                root,
                SnapshotStats.EMPTY,
                "test"));
  }

  /** JSON of one entry with neutral metadata and {@code extra} type-specific fields. */
  public static String entry(String name, String type, String extra) {
    return "{\"name\":"
        + quote(name)
        + ",\"type\":\""
        + type
        + "\",\"mode\":420,\"uid\":0,\"gid\":0,\"user\":\"\",\"group\":\"\",\"mtimeNs\":0,"
        + "\"ctimeNs\":0,\"inode\":1,\"device\":1,\"links\":1"
        + (extra.isEmpty() ? "" : "," + extra)
        + "}";
  }

  /** JSON of a file entry named {@code name} of {@code size} bytes made of {@code chunks}. */
  public static String fileEntry(String name, long size, ChunkId... chunks) {
    StringBuilder ids = new StringBuilder();
    for (ChunkId c : chunks) {
      ids.append(ids.length() == 0 ? "" : ",").append('"').append(c.toHex()).append('"');
    }
    return entry(name, "file", "\"size\":" + size + ",\"content\":[" + ids + "]");
  }

  /** JSON of a folder entry named {@code name} whose tree is {@code subtree}. */
  public static String dirEntry(String name, ChunkId subtree) {
    return entry(name, "dir", "\"subtree\":\"" + subtree.toHex() + "\"");
  }

  /** A tree JSON of the given entry JSONs. */
  public static String treeJson(String... entries) {
    return "{\"version\":1,\"entries\":[" + String.join(",", entries) + "]}";
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
