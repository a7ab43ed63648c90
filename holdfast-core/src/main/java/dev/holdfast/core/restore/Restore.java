package dev.holdfast.core.restore;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.content.BlobLocation;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.crypto.ChunkHasher;
import dev.holdfast.core.crypto.Warmup;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.select.PathPatterns;
import dev.holdfast.core.snapshot.Metadata;
import dev.holdfast.core.snapshot.TreeEntry;
import dev.holdfast.core.snapshot.TreeNames;
import dev.holdfast.core.snapshot.TreeWalker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The restore job: recreates a snapshot (or part of it) under a target folder. Folders first, then
 * file data read pack by pack in parallel (each blob fetched once however many files use it), then
 * hard links and symlinks, then metadata deepest first. Nothing is ever written outside the target:
 * names are validated, folders on the way are real folders created or checked by this job, files
 * are opened without following symlinks, and symlinks are created only after all data is written
 * (docs/DESIGN.md, "Restore").
 */
public final class Restore {
  /** Largest byte range read from a pack at once. */
  private static final int MAX_RANGE = 4 * 1024 * 1024;

  /** Gap between needed blobs that is still read through rather than split. */
  private static final int MAX_GAP = 1024 * 1024;

  private final Repository repo;
  private final int threads;

  public Restore(Repository repo) {
    this(repo, Math.max(2, Runtime.getRuntime().availableProcessors() + 1));
  }

  public Restore(Repository repo, int threads) {
    this.repo = repo;
    this.threads = threads;
  }

  /** Everything found while walking the snapshot, in the order it must be applied. */
  private static final class Plan {
    final List<Dir> dirs = new ArrayList<>();
    final List<FileJob> files = new ArrayList<>();
    final List<Link> links = new ArrayList<>();
    final List<Sym> symlinks = new ArrayList<>();
    final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
    final List<RestoreProblem> problems = Collections.synchronizedList(new ArrayList<>());
    final Set<String> createdDirs = new HashSet<>();
    final Map<String, Path> firstOfInode = new HashMap<>();

    void problem(String path, String message) {
      problems.add(new RestoreProblem(path, message));
    }
  }

  private record Dir(String rel, Path path, Metadata meta) {}

  private record FileJob(String rel, Path path, TreeEntry.File entry) {}

  private record Link(String rel, Path path, Path existing, Metadata meta) {}

  private record Sym(String rel, Path path, TreeEntry.Symlink entry) {}

  private record Use(ChunkId id, BlobLocation at, FileSink sink, long position) {}

  /** Restores as {@code request} says; {@code progress} receives live counters. */
  public RestoreResult run(RestoreRequest request, RestoreProgress progress) {
    Path target = prepareTarget(request.target());
    Plan plan = new Plan();
    PathPatterns excludes = new PathPatterns(request.excludes());
    Optional<PathPatterns> includes =
        request.includes().isEmpty()
            ? Optional.empty()
            : Optional.of(new PathPatterns(request.includes()));
    TreeWalker walker = new TreeWalker(repo.trees());
    String sub = TreeWalker.trimSlashes(request.subPath());
    Optional<TreeEntry> start = walker.find(request.snapshot().tree(), sub);
    Policy policy = new Policy(request.overwrite());
    if (start.isPresent() && !(start.get() instanceof TreeEntry.Directory)) {
      TreeEntry e = start.get();
      planEntry(plan, policy, target, e.name(), e, includes, excludes, target.resolve(e.name()));
    } else {
      var root =
          start.map(e -> ((TreeEntry.Directory) e).subtree()).orElse(request.snapshot().tree());
      walker.walk(
          root,
          (rel, entry) ->
              planEntry(plan, policy, target, rel, entry, includes, excludes, inside(target, rel)));
    }
    long bytes = writeData(plan, request.sparse(), progress);
    linkAndSymlink(plan, policy);
    applyMetadata(plan);
    long verified = request.verify() ? verify(plan) : 0;
    List<RestoreProblem> problems = new ArrayList<>(plan.problems);
    problems.sort(Comparator.comparing(RestoreProblem::path));
    return new RestoreResult(
        plan.files.size() + plan.links.size(),
        plan.dirs.size(),
        plan.symlinks.size(),
        bytes,
        verified,
        plan.skipped,
        problems);
  }

  private static Path prepareTarget(Path requested) {
    Path target = requested.toAbsolutePath().normalize();
    try {
      Files.createDirectories(target);
      return target.toRealPath();
    } catch (FileAlreadyExistsException e) {
      throw new UsageError("restore target " + requested + " exists and is not a folder");
    } catch (IOException e) {
      throw new UsageError("cannot create restore target " + requested + ": " + e.getMessage());
    }
  }

  /** {@code target/rel}, refusing any path that would leave the target. */
  static Path inside(Path target, String rel) {
    Path p = target;
    for (String part : rel.split("/")) {
      String bad = TreeNames.problem(part);
      if (bad != null) {
        throw new CorruptObject("snapshot path " + rel + " is not allowed: " + bad);
      }
      p = p.resolve(part);
    }
    if (!p.normalize().startsWith(target) || p.equals(target)) {
      throw new CorruptObject("snapshot path " + rel + " escapes the restore target");
    }
    return p;
  }

  /** The overwrite decision for existing entries. */
  private record Policy(Overwrite overwrite) {}

  private boolean planEntry(
      Plan plan,
      Policy policy,
      Path target,
      String rel,
      TreeEntry entry,
      Optional<PathPatterns> includes,
      PathPatterns excludes,
      Path path) {
    if (excludes.matches(Path.of("/", rel))) {
      return false;
    }
    boolean included = includes.isEmpty() || matchesSelfOrAncestor(includes.get(), rel);
    if (entry instanceof TreeEntry.Directory) {
      if (included && !ensureDirs(plan, policy, target, rel, entry.meta())) {
        return false;
      }
      return true;
    }
    if (!included) {
      return false;
    }
    String parent = parentOf(rel);
    if (!parent.isEmpty() && !plan.createdDirs.contains(parent)) {
      if (!ensureDirs(plan, policy, target, parent, null)) {
        return false;
      }
    }
    if (entry instanceof TreeEntry.File f) {
      planFile(plan, policy, rel, path, f);
    } else if (entry instanceof TreeEntry.Symlink s) {
      plan.symlinks.add(new Sym(rel, path, s));
    } else {
      plan.skipped.add(
          rel + " (special file: " + ((TreeEntry.Special) entry).kind().name().toLowerCase() + ")");
    }
    return false;
  }

  private static boolean matchesSelfOrAncestor(PathPatterns includes, String rel) {
    String p = rel;
    while (!p.isEmpty()) {
      if (includes.matches(Path.of("/", p))) {
        return true;
      }
      p = parentOf(p);
    }
    return false;
  }

  private static String parentOf(String rel) {
    int slash = rel.lastIndexOf('/');
    return slash < 0 ? "" : rel.substring(0, slash);
  }

  /**
   * Makes sure {@code rel} and every folder above it exist as real folders (not symlinks).
   *
   * @param meta the folder's metadata when it comes from the snapshot entry itself
   */
  private boolean ensureDirs(Plan plan, Policy policy, Path target, String rel, Metadata meta) {
    if (plan.createdDirs.contains(rel)) {
      return true;
    }
    String parent = parentOf(rel);
    if (!parent.isEmpty() && !ensureDirs(plan, policy, target, parent, null)) {
      return false;
    }
    Path path = inside(target, rel);
    try {
      try {
        Files.createDirectory(path);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          if (policy.overwrite() != Overwrite.ALWAYS) {
            plan.problem(rel, "exists and is not a folder; left as it is");
            return false;
          }
          Files.delete(path);
          Files.createDirectory(path);
        }
      }
    } catch (IOException e) {
      plan.problem(rel, "cannot create folder: " + e.getMessage());
      return false;
    }
    plan.createdDirs.add(rel);
    if (meta != null) {
      plan.dirs.add(new Dir(rel, path, meta));
    }
    return true;
  }

  private void planFile(Plan plan, Policy policy, String rel, Path path, TreeEntry.File f) {
    Metadata m = f.meta();
    String inode = m.links() > 1 ? m.device() + ":" + m.inode() : null;
    if (inode != null) {
      Path first = plan.firstOfInode.get(inode);
      if (first != null) {
        plan.links.add(new Link(rel, path, first, m));
        return;
      }
    }
    try {
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        if (policy.overwrite() == Overwrite.NEVER) {
          plan.skipped.add(rel + " (exists)");
          return;
        }
        if (policy.overwrite() == Overwrite.IF_CHANGED && sameFile(path, f)) {
          plan.skipped.add(rel + " (unchanged)");
          return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          plan.problem(rel, "a folder is in the way of this file; left as it is");
          return;
        }
        Files.delete(path);
      }
      if (f.content().isEmpty()) {
        // Files with data are created by their first write (FileSink), saving an open per file.
        Files.newByteChannel(
                path,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)
            .close();
      }
      plan.files.add(new FileJob(rel, path, f));
      if (inode != null) {
        // Only a file this restore writes may be the target of later hard links; a skipped one
        // (overwrite never / if-changed) leaves the next entry of the group to be written.
        plan.firstOfInode.put(inode, path);
      }
    } catch (IOException e) {
      plan.problem(rel, "cannot create file: " + e.getMessage());
    }
  }

  private static boolean sameFile(Path path, TreeEntry.File f) throws IOException {
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    FileTime t = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS);
    return Files.size(path) == f.size() && t.to(TimeUnit.NANOSECONDS) == f.meta().mtimeNs();
  }

  /** Reads every needed blob once, pack by pack in parallel, and writes it wherever it is used. */
  private long writeData(Plan plan, boolean sparse, RestoreProgress progress) {
    Warmup.start();
    ChunkIndex index = repo.index();
    Map<PackId, List<Use>> byPack = new HashMap<>();
    long total = 0;
    for (FileJob job : plan.files) {
      List<ChunkId> content = job.entry().content();
      if (content.isEmpty()) {
        continue;
      }
      FileSink sink = new FileSink(job.rel(), job.path(), job.entry().size(), content.size());
      long position = 0;
      for (ChunkId id : content) {
        Optional<BlobLocation> at = index.get(id);
        if (at.isEmpty()) {
          plan.problem(
              job.rel(), "chunk " + id + " is missing from the repository; the file is incomplete");
          abandon(sink, plan);
          continue;
        }
        byPack
            .computeIfAbsent(at.get().pack(), p -> new ArrayList<>())
            .add(new Use(id, at.get(), sink, position));
        position += at.get().rawLength();
      }
      total += position;
    }
    progress.totalBytes.set(total);
    progress.totalFiles.set(plan.files.size());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "holdfast-restore");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> work = new ArrayList<>();
      for (Map.Entry<PackId, List<Use>> e : byPack.entrySet()) {
        work.add(pool.submit(() -> restorePack(e.getKey(), e.getValue(), sparse, plan, progress)));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("restore interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof HoldfastException h) {
        throw h;
      }
      throw new IllegalStateException("restore failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return progress.bytesDone();
  }

  private void restorePack(
      PackId pack, List<Use> uses, boolean sparse, Plan plan, RestoreProgress progress) {
    uses.sort(Comparator.comparingInt((Use u) -> u.at().offset()).thenComparingLong(Use::position));
    int i = 0;
    while (i < uses.size()) {
      int start = uses.get(i).at().offset();
      int end = start + uses.get(i).at().length();
      int j = i + 1;
      while (j < uses.size()) {
        BlobLocation next = uses.get(j).at();
        int nextEnd = Math.max(end, next.offset() + next.length());
        if (next.offset() - end > MAX_GAP || nextEnd - start > MAX_RANGE) {
          break;
        }
        end = nextEnd;
        j++;
      }
      restoreRange(pack, uses.subList(i, j), start, end, sparse, plan, progress);
      i = j;
    }
  }

  private void restoreRange(
      PackId pack,
      List<Use> uses,
      int start,
      int end,
      boolean sparse,
      Plan plan,
      RestoreProgress progress) {
    byte[] range;
    try {
      range =
          repo.store()
              .getRange(dev.holdfast.core.content.PackReader.packName(pack), start, end - start);
    } catch (NoSuchBlob | CorruptObject | StorageUnavailable e) {
      for (Use u : uses) {
        plan.problem(
            u.sink().snapshotPath,
            "cannot read chunk "
                + u.id()
                + " from pack "
                + pack
                + " ("
                + e.getMessage()
                + "); the file is incomplete");
        abandon(u.sink(), plan);
      }
      return;
    }
    ChunkId lastId = null;
    byte[] plain = null;
    boolean zero = false;
    for (Use u : uses) {
      try {
        if (!u.id().equals(lastId)) {
          plain = null;
          lastId = u.id();
          plain = repo.packs().open(u.id(), u.at(), range, u.at().offset() - start);
          zero = sparse && isZero(plain);
        }
      } catch (CorruptObject e) {
        plan.problem(u.sink().snapshotPath, e.getMessage() + "; the file is incomplete");
        abandon(u.sink(), plan);
        continue;
      }
      if (plain == null) {
        abandon(u.sink(), plan);
        continue;
      }
      try {
        u.sink().write(plain, u.position(), zero);
        progress.bytesDone.addAndGet(plain.length);
      } catch (IOException e) {
        plan.problem(u.sink().snapshotPath, "cannot write: " + e.getMessage());
        abandon(u.sink(), plan);
      }
    }
  }

  private static final byte[] ZEROS = new byte[64 * 1024];

  private static boolean isZero(byte[] b) {
    for (int p = 0; p < b.length; p += ZEROS.length) {
      int n = Math.min(ZEROS.length, b.length - p);
      if (Arrays.mismatch(b, p, p + n, ZEROS, 0, n) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static void abandon(FileSink sink, Plan plan) {
    try {
      sink.abandon();
    } catch (IOException e) {
      plan.problem(sink.snapshotPath, "cannot finish file: " + e.getMessage());
    }
  }

  private void linkAndSymlink(Plan plan, Policy policy) {
    for (Link l : plan.links) {
      try {
        replaceIfAllowed(plan, policy, l.rel(), l.path());
        Files.createLink(l.path(), l.existing());
      } catch (SkipException e) {
        // reported by replaceIfAllowed
      } catch (IOException | UnsupportedOperationException e) {
        plan.problem(l.rel(), "cannot create hard link: " + e.getMessage());
      }
    }
    for (Sym s : plan.symlinks) {
      try {
        replaceIfAllowed(plan, policy, s.rel(), s.path());
        Files.createSymbolicLink(s.path(), Path.of(s.entry().target()));
      } catch (SkipException e) {
        // reported by replaceIfAllowed
      } catch (IOException | UnsupportedOperationException | java.nio.file.InvalidPathException e) {
        plan.problem(s.rel(), "cannot create symlink: " + e.getMessage());
      }
    }
  }

  private static final class SkipException extends Exception {
    SkipException() {
      super(null, null, false, false);
    }
  }

  private static void replaceIfAllowed(Plan plan, Policy policy, String rel, Path path)
      throws IOException, SkipException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (policy.overwrite() != Overwrite.ALWAYS
        || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      plan.skipped.add(rel + " (exists)");
      throw new SkipException();
    }
    Files.delete(path);
  }

  private void applyMetadata(Plan plan) {
    MetadataWriter writer = new MetadataWriter(MetadataWriter.runningAsRoot());
    for (FileJob f : plan.files) {
      apply(plan, writer, f.rel(), f.path(), f.entry().meta(), false);
    }
    for (Sym s : plan.symlinks) {
      if (Files.isSymbolicLink(s.path())) {
        apply(plan, writer, s.rel(), s.path(), s.entry().meta(), true);
      }
    }
    List<Dir> deepestFirst = new ArrayList<>(plan.dirs);
    deepestFirst.sort(Comparator.comparingInt((Dir d) -> d.rel().length()).reversed());
    for (Dir d : deepestFirst) {
      apply(plan, writer, d.rel(), d.path(), d.meta(), false);
    }
  }

  private static void apply(
      Plan plan, MetadataWriter writer, String rel, Path path, Metadata meta, boolean symlink) {
    try {
      writer.apply(path, meta, symlink);
    } catch (NoSuchFileException e) {
      // it was never created; its own problem is already reported
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      plan.problem(rel, "cannot set metadata: " + e.getMessage());
    }
  }

  /** Reads every restored file back and compares each chunk's keyed id with the snapshot's. */
  private long verify(Plan plan) {
    ChunkIndex index = repo.index();
    ChunkHasher hasher = repo.key().newChunkHasher();
    long ok = 0;
    for (FileJob f : plan.files) {
      try (FileChannel ch =
          FileChannel.open(f.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        boolean same = ch.size() == f.entry().size();
        long position = 0;
        for (ChunkId id : f.entry().content()) {
          if (!same) {
            break;
          }
          int len = index.get(id).map(BlobLocation::rawLength).orElse(-1);
          if (len < 0) {
            same = false;
            break;
          }
          ByteBuffer buf = ByteBuffer.allocate(len);
          while (buf.hasRemaining() && ch.read(buf, position + buf.position()) >= 0) {
            // read until the chunk is complete or the file ends
          }
          same = !buf.hasRemaining() && hasher.hash(buf.array(), 0, len).equals(id);
          position += len;
        }
        if (same) {
          ok++;
        } else {
          plan.problem(f.rel(), "verification failed: the restored file differs from the snapshot");
        }
      } catch (IOException e) {
        plan.problem(f.rel(), "cannot verify: " + e.getMessage());
      }
    }
    return ok;
  }
}
