package dev.holdfast.core.backup;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.chunking.FastCdc;
import dev.holdfast.core.chunking.StreamChunker;
import dev.holdfast.core.concurrent.Cancellation;
import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.core.content.BlobSaver;
import dev.holdfast.core.content.BlobType;
import dev.holdfast.core.content.BlobWriteSession;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.select.PathPatterns;
import dev.holdfast.core.snapshot.SnapshotStats;
import dev.holdfast.core.snapshot.Tree;
import dev.holdfast.core.snapshot.TreeEntry;
import dev.holdfast.core.snapshot.TreeStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stages of one backup run. Walker threads list folders (in parallel, one task per folder) and
 * stat entries; file threads read and chunk files; chunk threads hash, deduplicate, compress,
 * encrypt and pack; a folder's tree is stored once all its entries are done. Two semaphores bound
 * the files and chunk bytes in flight, so memory stays flat whatever the tree's size.
 */
final class Pipeline implements AutoCloseable {
  private final Repository repo;
  private final BlobWriteSession session;
  private final BackupProgress progress;
  private final Cancellation cancellation;
  private final PathPatterns excludes;
  private final MetadataReader metadata;
  private final SourceFiles sourceFiles;
  private final ChunkIndex index;
  private final TreeStore trees;
  private final FastCdc cdc;
  private final int inlineBelow;
  private final ExecutorService fileThreads;
  private final ExecutorService chunkThreads;
  private final Semaphore filesInFlight;
  private final Semaphore bytesInFlight;
  private final ChunkBuffers chunkBuffers;
  private final ThreadLocal<StreamChunker> chunker;
  private final Queue<BackupProblem> problems = new ConcurrentLinkedQueue<>();

  private final AtomicLong files = new AtomicLong();
  private final AtomicLong directories = new AtomicLong();
  private final AtomicLong filesNew = new AtomicLong();
  private final AtomicLong filesChanged = new AtomicLong();
  private final AtomicLong filesUnchanged = new AtomicLong();
  private final AtomicLong bytesProcessed = new AtomicLong();
  private final AtomicLong chunksNew = new AtomicLong();

  Pipeline(
      Repository repo,
      BlobWriteSession session,
      BackupSettings settings,
      BackupProgress progress,
      Cancellation cancellation,
      PathPatterns excludes,
      MetadataReader metadata,
      SourceFiles sourceFiles) {
    this.repo = repo;
    this.session = session;
    this.progress = progress;
    this.cancellation = cancellation;
    this.excludes = excludes;
    this.metadata = metadata;
    this.sourceFiles = sourceFiles;
    this.index = repo.index();
    this.trees = repo.trees();
    this.cdc = repo.chunker();
    this.inlineBelow = cdc.params().avgSize() * 2;
    this.fileThreads =
        Executors.newFixedThreadPool(settings.fileThreads(), DaemonThreads.named("holdfast-read"));
    this.chunkThreads =
        Executors.newFixedThreadPool(
            settings.chunkThreads(), DaemonThreads.named("holdfast-chunk"));
    this.filesInFlight = new Semaphore(settings.maxFilesInFlight());
    long budget = Math.max(settings.maxBytesInFlight(), 2L * cdc.params().maxSize());
    this.bytesInFlight = new Semaphore((int) Math.min(Integer.MAX_VALUE, budget));
    int bufferSize = 2 * cdc.params().avgSize();
    this.chunkBuffers = new ChunkBuffers(bufferSize, (int) (budget / bufferSize));
    this.chunker = ThreadLocal.withInitial(() -> new StreamChunker(cdc));
  }

  /** Backs up {@code paths} and returns the id of the snapshot's root tree. */
  ChunkId backupRoots(List<Path> paths, Optional<Tree> parentRoot) throws CorruptObject {
    if (paths.size() == 1 && Files.isDirectory(paths.get(0), LinkOption.NOFOLLOW_LINKS)) {
      Path root = paths.get(0);
      directories.incrementAndGet();
      return Backup.join(folder(root, parentRoot));
    }
    List<CompletableFuture<Optional<TreeEntry>>> entries = new ArrayList<>();
    for (Path p : paths) {
      Path last = p.getFileName();
      String name = last == null ? "root" : last.toString();
      entries.add(entry(p, name, parentRoot.flatMap(t -> t.find(name))));
    }
    return Backup.join(storeTreeWhenDone(entries));
  }

  /** The folder's tree id, once every entry below it is stored. */
  private CompletableFuture<ChunkId> folder(Path dir, Optional<Tree> parent) {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        children.add(child);
      }
    } catch (IOException e) {
      problem(dir, "cannot list folder: " + reason(e));
    }
    children.sort(null);
    List<CompletableFuture<Optional<TreeEntry>>> entries = new ArrayList<>(children.size());
    for (Path child : children) {
      Path last = child.getFileName();
      if (last == null || excludes.matches(child)) {
        continue; // a listed entry always has a name
      }
      String name = last.toString();
      entries.add(entry(child, name, parent.flatMap(t -> t.find(name))));
    }
    return storeTreeWhenDone(entries);
  }

  private CompletableFuture<ChunkId> storeTreeWhenDone(
      List<CompletableFuture<Optional<TreeEntry>>> entries) {
    return CompletableFuture.allOf(entries.toArray(CompletableFuture[]::new))
        .thenApplyAsync(
            done -> {
              List<TreeEntry> list = new ArrayList<>(entries.size());
              for (CompletableFuture<Optional<TreeEntry>> f : entries) {
                f.join().ifPresent(list::add);
              }
              return TreeStore.save(new Tree(list), session.saver());
            },
            chunkThreads);
  }

  private CompletableFuture<Optional<TreeEntry>> entry(
      Path path, String name, Optional<TreeEntry> previous) {
    session.throwIfFailed();
    cancellation.throwIfRequested();
    String bad =
        name.indexOf('\uFFFD') >= 0
            ? "the name is not valid UTF-8 and cannot be stored faithfully; skipped"
            : dev.holdfast.core.snapshot.TreeNames.problem(name);
    if (bad != null) {
      problem(path, bad);
      return CompletableFuture.completedFuture(Optional.empty());
    }
    MetadataReader.Stat stat;
    try {
      stat = metadata.read(path);
    } catch (IOException e) {
      problem(path, "cannot read metadata: " + reason(e));
      return CompletableFuture.completedFuture(Optional.empty());
    }
    if (stat.isRegular()) {
      return file(path, name, stat, previous);
    }
    if (stat.isDirectory()) {
      directories.incrementAndGet();
      Optional<Tree> parentTree =
          previous
              .filter(TreeEntry.Directory.class::isInstance)
              .map(TreeEntry.Directory.class::cast)
              .flatMap(d -> loadQuietly(d.subtree()));
      return folder(path, parentTree)
          .thenApply(id -> Optional.of(new TreeEntry.Directory(name, stat.meta(), id)));
    }
    if (stat.isSymlink()) {
      try {
        String target = Files.readSymbolicLink(path).toString();
        return CompletableFuture.completedFuture(
            Optional.of(new TreeEntry.Symlink(name, stat.meta(), target)));
      } catch (IOException | IllegalArgumentException e) {
        problem(path, "cannot read symlink: " + reason(e));
        return CompletableFuture.completedFuture(Optional.empty());
      }
    }
    TreeEntry.SpecialKind kind = specialKind(stat.type());
    if (kind == null) {
      problem(path, "unknown file type " + Integer.toOctalString(stat.type()));
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return CompletableFuture.completedFuture(
        Optional.of(new TreeEntry.Special(name, stat.meta(), kind, stat.rdev())));
  }

  private static TreeEntry.SpecialKind specialKind(int type) {
    switch (type) {
      case MetadataReader.FIFO:
        return TreeEntry.SpecialKind.FIFO;
      case MetadataReader.SOCKET:
        return TreeEntry.SpecialKind.SOCKET;
      case MetadataReader.CHAR_DEVICE:
        return TreeEntry.SpecialKind.CHAR_DEVICE;
      case MetadataReader.BLOCK_DEVICE:
        return TreeEntry.SpecialKind.BLOCK_DEVICE;
      default:
        return null;
    }
  }

  private Optional<Tree> loadQuietly(ChunkId id) {
    try {
      return Optional.of(trees.load(id));
    } catch (CorruptObject e) {
      return Optional.empty();
    }
  }

  private CompletableFuture<Optional<TreeEntry>> file(
      Path path, String name, MetadataReader.Stat stat, Optional<TreeEntry> previous) {
    files.incrementAndGet();
    bytesProcessed.addAndGet(stat.size());
    Optional<TreeEntry.File> before =
        previous.filter(TreeEntry.File.class::isInstance).map(TreeEntry.File.class::cast);
    if (before.isPresent() && unchanged(before.get(), stat)) {
      filesUnchanged.incrementAndGet();
      progress.filesDone.incrementAndGet();
      progress.bytesDone.addAndGet(stat.size());
      TreeEntry.File f = before.get();
      return CompletableFuture.completedFuture(
          Optional.of(new TreeEntry.File(name, stat.meta(), f.size(), f.content())));
    }
    (before.isPresent() ? filesChanged : filesNew).incrementAndGet();
    filesInFlight.acquireUninterruptibly();
    try {
      return CompletableFuture.supplyAsync(() -> read(path, name, stat), fileThreads)
          .thenCompose(f -> f)
          .whenComplete((r, e) -> filesInFlight.release());
    } catch (RuntimeException e) {
      filesInFlight.release();
      throw e;
    }
  }

  private boolean unchanged(TreeEntry.File before, MetadataReader.Stat now) {
    if (before.size() != now.size()
        || before.meta().mtimeNs() != now.meta().mtimeNs()
        || before.meta().ctimeNs() != now.meta().ctimeNs()
        || before.meta().inode() != now.meta().inode()) {
      return false;
    }
    for (ChunkId id : before.content()) {
      if (!index.contains(id)) {
        return false;
      }
    }
    return true;
  }

  /** Reads and chunks one file on a file thread; its chunks are stored by chunk threads. */
  private CompletableFuture<Optional<TreeEntry>> read(
      Path path, String name, MetadataReader.Stat stat) {
    List<CompletableFuture<ChunkId>> parts = new ArrayList<>();
    boolean inline = stat.size() < inlineBelow;
    long size;
    try (FileChannel ch = sourceFiles.open(path)) {
      size =
          chunker
              .get()
              .split(
                  ch,
                  (buf, off, len) -> {
                    cancellation.throwIfRequested();
                    progress.bytesDone.addAndGet(len);
                    if (inline) {
                      parts.add(CompletableFuture.completedFuture(store(buf, off, len)));
                    } else {
                      int cost = chunkBuffers.cost(len);
                      bytesInFlight.acquireUninterruptibly(cost);
                      byte[] copy = chunkBuffers.take(len);
                      System.arraycopy(buf, off, copy, 0, len);
                      parts.add(
                          CompletableFuture.supplyAsync(
                              () -> {
                                try {
                                  return store(copy, 0, len);
                                } finally {
                                  chunkBuffers.give(copy);
                                  bytesInFlight.release(cost);
                                }
                              },
                              chunkThreads));
                    }
                  });
    } catch (IOException e) {
      problem(path, "cannot read file: " + reason(e));
      return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
          .handle((v, t) -> Optional.empty());
    }
    progress.filesDone.incrementAndGet();
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              List<ChunkId> ids = new ArrayList<>(parts.size());
              for (CompletableFuture<ChunkId> p : parts) {
                ids.add(p.join());
              }
              return Optional.of(new TreeEntry.File(name, stat.meta(), size, ids));
            });
  }

  /**
   * Stores one chunk. The launcher keeps the JIT from inlining this into the chunking loop, by name
   * (LauncherJvmOptionsTest): rename it there too.
   */
  private ChunkId store(byte[] buf, int off, int len) {
    BlobSaver.Saved saved = session.saver().save(BlobType.DATA, buf, off, len);
    if (saved.stored()) {
      chunksNew.incrementAndGet();
    }
    return saved.id();
  }

  private void problem(Path path, String message) {
    progress.errors.incrementAndGet();
    problems.add(new BackupProblem(path.toString(), message));
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "it vanished during the backup";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  List<BackupProblem> problems() {
    List<BackupProblem> list = new ArrayList<>(problems);
    list.sort(java.util.Comparator.comparing(BackupProblem::path));
    return list;
  }

  SnapshotStats stats(long elapsedNanos) {
    return new SnapshotStats(
        files.get(),
        directories.get(),
        filesNew.get(),
        filesChanged.get(),
        filesUnchanged.get(),
        bytesProcessed.get(),
        session.storedBytes(),
        chunksNew.get(),
        problems.size(),
        TimeUnit.NANOSECONDS.toMillis(elapsedNanos));
  }

  @Override
  public void close() {
    fileThreads.shutdownNow();
    chunkThreads.shutdownNow();
    boolean stopped = false;
    try {
      stopped =
          fileThreads.awaitTermination(1, TimeUnit.MINUTES)
              & chunkThreads.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!stopped) {
      // Native zstd contexts are freed only once no task can use them.
      session.leaveSaversToCleaner();
    }
  }
}
