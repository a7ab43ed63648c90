package dev.holdfast.core.backup;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.concurrent.Cancellation;
import dev.holdfast.core.content.BlobWriteSession;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.lock.LockMode;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.lock.RepositoryLock;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.select.PathPatterns;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStats;
import dev.holdfast.core.snapshot.Tree;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The backup job: walks the paths, reuses unchanged files from the parent snapshot, chunks,
 * deduplicates, compresses, encrypts and packs the rest, stores trees bottom-up, and writes the
 * snapshot manifest last (docs/DESIGN.md, "Backup").
 */
public final class Backup {
  /** Version string written into manifests. */
  public static final String PROGRAM_VERSION = "holdfast 0.1.0";

  private final Repository repo;
  private final BackupSettings settings;
  private final SourceFiles files;

  public Backup(Repository repo) {
    this(repo, BackupSettings.forMachine());
  }

  public Backup(Repository repo, BackupSettings settings) {
    this(repo, settings, SourceFiles.DEFAULT);
  }

  /** With {@code files} opening the files to read (tests inject failures through it). */
  Backup(Repository repo, BackupSettings settings, SourceFiles files) {
    this.repo = repo;
    this.settings = settings;
    this.files = files;
  }

  /** Runs a backup; {@code progress} receives live counters. */
  public BackupResult run(BackupRequest request, BackupProgress progress) {
    return run(request, progress, Cancellation.NEVER);
  }

  /**
   * Runs a backup that stops, writing no snapshot, once {@code cancellation} is requested.
   *
   * @throws java.util.concurrent.CancellationException when it stopped so
   */
  public BackupResult run(
      BackupRequest request, BackupProgress progress, Cancellation cancellation) {
    List<Path> paths = checkedPaths(request.paths());
    // The lock comes before the index is read: prune waits for every lock that was visible when
    // it condemned data, so nothing read under this lock can vanish before the snapshot lands.
    LockOwner owner = LockOwner.thisProcess(request.host(), request.username());
    try (RepositoryLock lock = new Locks(repo, owner).acquire(LockMode.SHARED, "backup")) {
      return run(request, progress, cancellation, paths, lock);
    }
  }

  private BackupResult run(
      BackupRequest request,
      BackupProgress progress,
      Cancellation cancellation,
      List<Path> paths,
      RepositoryLock lock) {
    String source = request.source().orElseGet(() -> defaultSource(request.host(), paths));
    Optional<Snapshot> parent = findParent(request, source);
    Optional<Tree> parentRoot = parent.flatMap(this::loadRootQuietly);
    long started = System.nanoTime();
    OffsetDateTime time = request.time().orElseGet(() -> OffsetDateTime.now(repo.clock()));

    PathPatterns excludes = new PathPatterns(request.excludes());
    Scanner scanner = new Scanner(paths, excludes, progress);
    if (progress.totalsWanted()) {
      scanner.start();
    }
    try (BlobWriteSession session =
            repo.newWriteSession(settings.uploads(), settings.packsPerIndexFile());
        Pipeline pipeline =
            new Pipeline(
                repo,
                session,
                settings,
                progress,
                cancellation,
                excludes,
                new MetadataReader(),
                files)) {
      ChunkId root = pipeline.backupRoots(paths, parentRoot);
      cancellation.throwIfRequested();
      session.flush();
      SnapshotStats stats = pipeline.stats(System.nanoTime() - started);
      Snapshot snapshot =
          new Snapshot(
              SnapshotId.random(repo.random()),
              time,
              request.host(),
              request.username(),
              source,
              paths.stream().map(Path::toString).toList(),
              request.tags(),
              request.labels(),
              request.appVersions(),
              parent.map(Snapshot::id),
              root,
              stats,
              PROGRAM_VERSION);
      lock.checkHeld();
      // The commit point: a backup given up before it writes nothing that a reader would see.
      cancellation.throwIfRequested();
      Snapshot stored = repo.snapshots().save(snapshot);
      return new BackupResult(stored, pipeline.problems());
    } finally {
      scanner.stop();
    }
  }

  private static List<Path> checkedPaths(List<Path> requested) {
    if (requested.isEmpty()) {
      throw new UsageError("nothing to back up: give at least one path");
    }
    List<Path> paths = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Path p : requested) {
      Path abs = p.toAbsolutePath().normalize();
      if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
        throw new UsageError("cannot back up " + p + ": no such file or directory");
      }
      if (requested.size() > 1) {
        Path name = abs.getFileName();
        if (name == null || !names.add(name.toString())) {
          throw new UsageError(
              "paths backed up together need distinct last names; " + p + " clashes");
        }
      }
      paths.add(abs);
    }
    return paths;
  }

  /** {@code file://<host><path>}; for several paths, their deepest common folder. */
  static String defaultSource(String host, List<Path> paths) {
    Path common = paths.get(0);
    if (paths.size() > 1) {
      for (Path p : paths) {
        while (common != null && !p.startsWith(common)) {
          common = common.getParent();
        }
      }
    }
    return "file://" + host + (common == null ? "/" : common.toString());
  }

  private Optional<Snapshot> findParent(BackupRequest request, String source) {
    if (request.ignoreParent()) {
      return Optional.empty();
    }
    if (request.parent().isPresent()) {
      try {
        return Optional.of(repo.snapshots().load(request.parent().get()));
      } catch (NotFound e) {
        throw new UsageError("parent snapshot " + request.parent().get() + " does not exist");
      }
    }
    return repo.snapshots().latestOf(source);
  }

  private Optional<Tree> loadRootQuietly(Snapshot parent) {
    try {
      return Optional.of(repo.trees().load(parent.tree()));
    } catch (CorruptObject e) {
      // A damaged parent only costs speed: every file is read again.
      return Optional.empty();
    }
  }

  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof HoldfastException h) {
        throw h;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new CompletionException(cause);
    }
  }
}
