package dev.holdfast.core.testing;

import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStats;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Snapshot manifests for retention tests: values made to order (time, host, source, tags), seeded
 * random histories, and storing them in a repository with an empty tree so that the repository
 * checks clean.
 */
public final class SnapshotHistories {
  /** The tree of snapshots that are only values (never read). */
  public static final ChunkId NO_TREE = ChunkId.fromHex("00".repeat(32));

  private SnapshotHistories() {}

  /** A snapshot value with an id derived from {@code n}. */
  public static Snapshot snapshot(
      long n, OffsetDateTime time, String host, String source, List<String> tags) {
    return snapshot(idOf(n), time, host, source, List.of("/" + source), tags);
  }

  /** A snapshot value with everything retention looks at. */
  public static Snapshot snapshot(
      SnapshotId id,
      OffsetDateTime time,
      String host,
      String source,
      List<String> paths,
      List<String> tags) {
    return snapshot(id, time, host, source, paths, tags, NO_TREE);
  }

  private static Snapshot snapshot(
      SnapshotId id,
      OffsetDateTime time,
      String host,
      String source,
      List<String> paths,
      List<String> tags,
      ChunkId tree) {
    return new Snapshot(
        id,
        time,
        host,
        "tester",
        source,
        paths,
        tags,
        new TreeMap<>(),
        List.of(),
        Optional.empty(),
        tree,
        SnapshotStats.EMPTY,
        "test");
  }

  /** A distinct id for each {@code n}, readable in failures ({@code 000…0n}). */
  public static SnapshotId idOf(long n) {
    return new SnapshotId(0, 0, 0, n);
  }

  /**
   * {@code n} snapshots at random times within {@code days} before {@code end}, in {@code zone}, on
   * two hosts and two sources, with random tags of {@code a}, {@code b}; about one in eight shares
   * its time with another (ties matter to retention).
   */
  public static List<Snapshot> random(long seed, int n, Instant end, int days, ZoneId zone) {
    Random random = new Random(seed);
    List<Snapshot> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      OffsetDateTime time =
          !all.isEmpty() && random.nextInt(8) == 0
              ? all.get(random.nextInt(all.size())).time()
              : OffsetDateTime.ofInstant(
                  end.minusSeconds((long) (random.nextDouble() * days * 86_400)), zone);
      List<String> tags = new ArrayList<>();
      if (random.nextBoolean()) {
        tags.add("a");
      }
      if (random.nextInt(3) == 0) {
        tags.add("b");
      }
      all.add(
          snapshot(
              i + 1,
              time,
              random.nextInt(4) == 0 ? "beta" : "alpha",
              random.nextInt(3) == 0 ? "db" : "web",
              tags));
    }
    return all;
  }

  /**
   * Stores {@code s} in {@code repo} (under a new id, as every saved snapshot gets) with {@code
   * root} as its tree; returns the stored snapshot.
   */
  public static Snapshot store(Repository repo, ChunkId root, Snapshot s) {
    return repo.snapshots()
        .save(snapshot(s.id(), s.time(), s.host(), s.source(), s.paths(), s.tags(), root));
  }

  /** An empty tree stored in {@code repo}, for snapshots that need a real root. */
  public static ChunkId emptyTree(Repository repo) {
    return new CraftedSnapshots(repo).tree(CraftedSnapshots.treeJson());
  }
}
