package dev.holdfast.core.restore;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.concurrent.Cancellation;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.select.PathPatterns;
import dev.holdfast.core.snapshot.Metadata;
import dev.holdfast.core.snapshot.TreeEntry;
import dev.holdfast.core.snapshot.TreeNames;
import dev.holdfast.core.snapshot.TreeWalker;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The restore job: recreates a snapshot (or part of it) under a target folder. Folders first, then
 * file data read pack by pack in parallel (each blob fetched once however many files use it; a
 * file's metadata is set as soon as its last byte is written), then hard links and symlinks, then
 * the metadata of files without data and of symlinks, and last that of folders, deepest first.
 * Nothing is ever written outside the target: names are validated, folders on the way are real
 * folders created or checked by this job, files are opened without following symlinks, and symlinks
 * are created only after all data is written (docs/DESIGN.md, "Restore").
 */
public final class Restore {

  private final Repository repo;
  private final int threads;

  public Restore(Repository repo) {
    this(repo, Math.max(2, Runtime.getRuntime().availableProcessors() + 1));
  }

  public Restore(Repository repo, int threads) {
    this.repo = repo;
    this.threads = threads;
  }

  /** Restores as {@code request} says; {@code progress} receives live counters. */
  public RestoreResult run(RestoreRequest request, RestoreProgress progress) {
    return run(request, progress, Cancellation.NEVER);
  }

  /**
   * Restores as {@code request} says, stopping once {@code cancellation} is requested: it asks
   * between the entries it plans and between the blobs it writes, so each worker stops at its next
   * blob; by the time this throws, every worker has stopped and the files it had not finished are
   * closed, incomplete (as a crash would leave them; restoring again with overwrite {@code always}
   * finishes them). No owner, mode or time is set after the stop.
   *
   * @throws java.util.concurrent.CancellationException when it stopped so
   */
  public RestoreResult run(
      RestoreRequest request, RestoreProgress progress, Cancellation cancellation) {
    Path target = prepareTarget(request.target());
    RestorePlan plan = new RestorePlan();
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
          (rel, entry) -> {
            cancellation.throwIfRequested();
            return planEntry(
                plan, policy, target, rel, entry, includes, excludes, inside(target, rel));
          });
    }
    MetadataWriter metadata = new MetadataWriter(MetadataWriter.runningAsRoot());
    long bytes =
        new DataWriter(repo, threads)
            .write(
                plan,
                request.sparse(),
                progress,
                cancellation,
                (file, outcome) -> fileWritten(plan, metadata, progress, file, outcome));
    cancellation.throwIfRequested();
    linkAndSymlink(plan, policy);
    applyMetadata(plan, metadata, progress);
    long verified = request.verify() ? new RestoreVerifier(repo).verify(plan) : 0;
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
      RestorePlan plan,
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
      plan.symlinks.add(new RestorePlan.Sym(rel, path, s));
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
  private boolean ensureDirs(
      RestorePlan plan, Policy policy, Path target, String rel, Metadata meta) {
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
      plan.dirs.add(new RestorePlan.Dir(rel, path, meta));
    }
    return true;
  }

  private void planFile(RestorePlan plan, Policy policy, String rel, Path path, TreeEntry.File f) {
    Metadata m = f.meta();
    String inode = m.links() > 1 ? m.device() + ":" + m.inode() : null;
    if (inode != null) {
      Path first = plan.firstOfInode.get(inode);
      if (first != null) {
        plan.links.add(new RestorePlan.Link(rel, path, first, m));
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
      plan.files.add(new RestorePlan.FileJob(rel, path, f));
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

  private void linkAndSymlink(RestorePlan plan, Policy policy) {
    for (RestorePlan.Link l : plan.links) {
      try {
        replaceIfAllowed(plan, policy, l.rel(), l.path());
        Files.createLink(l.path(), l.existing());
      } catch (SkipException e) {
        // reported by replaceIfAllowed
      } catch (IOException | UnsupportedOperationException e) {
        plan.problem(l.rel(), "cannot create hard link: " + e.getMessage());
      }
    }
    for (RestorePlan.Sym s : plan.symlinks) {
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

  private static void replaceIfAllowed(RestorePlan plan, Policy policy, String rel, Path path)
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

  /**
   * The metadata of a file whose data is all written or given up on, set at once by the thread that
   * finished it. Only a file this restore created gets any: whatever else took its path after
   * planning is left alone. An incomplete file gets owner and mode but keeps the time of its
   * restore, so that a later {@code --overwrite if-changed} does not take it for the snapshot's.
   * Never throws: one file's failure is that file's problem, not the restore's.
   */
  private static void fileWritten(
      RestorePlan plan,
      MetadataWriter writer,
      RestoreProgress progress,
      RestorePlan.FileJob f,
      FileSink.Outcome outcome) {
    progress.filesDone.incrementAndGet();
    if (!outcome.created()) {
      return; // why it could not be written is already reported
    }
    try {
      apply(plan, writer, f.rel(), f.path(), f.entry().meta(), false, outcome.complete());
    } catch (RuntimeException e) {
      plan.problem(f.rel(), "cannot set metadata: " + e);
    }
  }

  /**
   * Metadata of what the data phase did not finish: files without data and symlinks, then folders
   * deepest first (writing into a folder changes its time).
   */
  private void applyMetadata(RestorePlan plan, MetadataWriter writer, RestoreProgress progress) {
    for (RestorePlan.FileJob f : plan.files) {
      if (f.entry().content().isEmpty()) {
        apply(plan, writer, f.rel(), f.path(), f.entry().meta(), false, true);
        progress.filesDone.incrementAndGet();
      }
    }
    for (RestorePlan.Sym s : plan.symlinks) {
      if (Files.isSymbolicLink(s.path())) {
        apply(plan, writer, s.rel(), s.path(), s.entry().meta(), true, true);
      }
    }
    List<RestorePlan.Dir> deepestFirst = new ArrayList<>(plan.dirs);
    deepestFirst.sort(Comparator.comparingInt((RestorePlan.Dir d) -> d.rel().length()).reversed());
    for (RestorePlan.Dir d : deepestFirst) {
      apply(plan, writer, d.rel(), d.path(), d.meta(), false, true);
    }
  }

  private static void apply(
      RestorePlan plan,
      MetadataWriter writer,
      String rel,
      Path path,
      Metadata meta,
      boolean symlink,
      boolean withTime) {
    try {
      writer.apply(path, meta, symlink, withTime);
    } catch (NoSuchFileException e) {
      // it was never created; its own problem is already reported
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      plan.problem(rel, "cannot set metadata: " + e.getMessage());
    }
  }
}
