package dev.holdfast.core.copy;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.chunking.ChunkerParams;
import dev.holdfast.core.content.BlobWriteSession;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.lock.LockMode;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.lock.RepositoryLock;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.CopiedFrom;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The copy job: copies snapshots from a source repository into a destination repository (a second
 * site). Ids, chunk boundaries and keys differ per repository, so copy decrypts every tree and
 * every chunk it needs from the source, re-hashes it with the destination's key, stores what the
 * destination lacks, re-encodes the trees with destination ids, and writes each manifest last, with
 * the source snapshot's metadata and a {@link CopiedFrom} record. Snapshots already copied are
 * skipped, so a copy can be run again at any time, and resumes after a crash (docs/DESIGN.md,
 * "Copy").
 */
public final class Copy {
  private final Repository source;
  private final Repository destination;
  private final CopySettings settings;
  private final LockOwner owner;

  public Copy(Repository source, Repository destination) {
    this(source, destination, CopySettings.forMachine());
  }

  public Copy(Repository source, Repository destination, CopySettings settings) {
    this(source, destination, settings, LockOwner.thisProcess("", System.getProperty("user.name")));
  }

  /**
   * @param owner in whose name the copy locks both repositories
   */
  public Copy(Repository source, Repository destination, CopySettings settings, LockOwner owner) {
    this.source = source;
    this.destination = destination;
    this.settings = settings;
    this.owner = owner;
  }

  /**
   * Copies the requested snapshots, oldest first. A snapshot whose source data is damaged is not
   * copied (its outcome names the snapshot and path) and the others still are; a storage failure
   * stops the run. Whatever was stored for a snapshot that was not committed is unreferenced data
   * until prune, and the next copy reuses it.
   */
  public CopyResult run(CopyRequest request, CopyProgress progress) {
    String sourceId = source.config().repositoryId();
    String destinationId = destination.config().repositoryId();
    if (sourceId.equals(destinationId)) {
      throw new UsageError(
          "the source and the destination are the same repository (" + sourceId + ")");
    }
    checkChunkSizes();
    // A copy is a restore of the source and a backup into the destination: both locks come
    // before either index is read (docs/DESIGN.md, "Locks").
    try (RepositoryLock sourceLock =
            new Locks(source, owner).acquire(LockMode.SHARED, "copy from here");
        RepositoryLock destinationLock =
            new Locks(destination, owner).acquire(LockMode.SHARED, "copy")) {
      return run(request, progress, sourceId, destinationLock);
    }
  }

  private CopyResult run(
      CopyRequest request, CopyProgress progress, String sourceId, RepositoryLock destinationLock) {
    String destinationId = destination.config().repositoryId();
    Map<SnapshotId, Snapshot> inSource = new HashMap<>();
    for (Snapshot s : source.snapshots().list().snapshots()) {
      inSource.put(s.id(), s);
    }
    List<Snapshot> chosen = chosen(request, inSource);
    Map<SnapshotId, Snapshot> copies = copiesIn(destination, sourceId);
    progress.start(chosen);

    List<CopyOutcome> outcomes = new ArrayList<>();
    try (BlobWriteSession session =
            destination.newWriteSession(settings.uploads(), settings.packsPerIndexFile());
        TreeTranslator translator =
            new TreeTranslator(source, destination, session, settings, progress)) {
      for (Snapshot s : chosen) {
        Snapshot copy = copies.get(s.id());
        if (copy != null) {
          outcomes.add(CopyOutcome.alreadyCopied(s, copy));
          progress.snapshotDone(s);
          continue;
        }
        long storedBefore = session.storedBytes();
        try {
          ChunkId root = translator.translate(s, base(s, inSource, copies));
          session.flush();
          destinationLock.checkHeld();
          Snapshot written = destination.snapshots().save(copyOf(s, root, copies, sourceId));
          copies.put(s.id(), written);
          TreeTranslator.Reads reads = translator.reads();
          outcomes.add(
              CopyOutcome.copied(
                  s, written, reads.chunks(), reads.bytes(), session.storedBytes() - storedBefore));
        } catch (CorruptObject e) {
          TreeTranslator.Reads reads = translator.reads();
          outcomes.add(
              CopyOutcome.failed(
                  s,
                  e.getMessage(),
                  reads.chunks(),
                  reads.bytes(),
                  session.storedBytes() - storedBefore));
        }
        progress.snapshotDone(s);
      }
      // What a failed snapshot stored becomes durable (and reusable by the next run).
      session.flush();
    }
    return new CopyResult(sourceId, destinationId, outcomes);
  }

  /**
   * A copied chunk keeps its size, so the destination must accept chunks as large as the source's:
   * its packs and its check are bounded by its own largest chunk.
   */
  private void checkChunkSizes() {
    ChunkerParams from = source.config().chunker();
    ChunkerParams to = destination.config().chunker();
    if (from.maxSize() > to.maxSize()) {
      throw new UsageError(
          "the destination's chunks are at most "
              + to.maxSize()
              + " bytes, the source's up to "
              + from.maxSize()
              + "; copy into a repository created with --chunk-max "
              + from.maxSize()
              + " or more");
    }
  }

  private List<Snapshot> chosen(CopyRequest request, Map<SnapshotId, Snapshot> inSource) {
    Map<SnapshotId, Snapshot> chosen = new LinkedHashMap<>();
    for (SnapshotId id : request.snapshots()) {
      Snapshot s = inSource.get(id);
      chosen.put(id, s != null ? s : source.snapshots().load(id));
    }
    List<Snapshot> list = new ArrayList<>(chosen.values());
    list.sort(SnapshotStore.CHRONOLOGICAL);
    return list;
  }

  /** The destination's copies of the source's snapshots, by source snapshot id. */
  private static Map<SnapshotId, Snapshot> copiesIn(Repository destination, String sourceId) {
    Map<SnapshotId, Snapshot> copies = new HashMap<>();
    for (Snapshot d : destination.snapshots().list().snapshots()) {
      d.copiedFrom()
          .filter(c -> c.repository().equals(sourceId))
          .ifPresent(c -> copies.putIfAbsent(c.snapshot(), d));
    }
    return copies;
  }

  /**
   * The earlier snapshot to learn translations from: the parent, when it was copied; otherwise the
   * newest copied snapshot of the same source.
   */
  private static Optional<TreeTranslator.Base> base(
      Snapshot s, Map<SnapshotId, Snapshot> inSource, Map<SnapshotId, Snapshot> copies) {
    Optional<Snapshot> base = s.parent().filter(copies::containsKey).map(inSource::get);
    if (base.isEmpty()) {
      base =
          copies.keySet().stream()
              .map(inSource::get)
              .filter(b -> b != null && b.source().equals(s.source()))
              .max(SnapshotStore.CHRONOLOGICAL);
    }
    return base.map(b -> new TreeTranslator.Base(b.tree(), copies.get(b.id()).tree()));
  }

  private Snapshot copyOf(
      Snapshot s, ChunkId root, Map<SnapshotId, Snapshot> copies, String sourceId) {
    return new Snapshot(
        SnapshotId.random(destination.random()),
        s.time(),
        s.host(),
        s.username(),
        s.source(),
        s.paths(),
        s.tags(),
        s.labels(),
        s.appVersions(),
        s.parent().map(copies::get).map(Snapshot::id),
        root,
        s.stats(),
        s.programVersion(),
        Optional.of(new CopiedFrom(sourceId, s.id())));
  }
}
