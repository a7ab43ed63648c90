package dev.holdfast.cli.command;

import dev.holdfast.cli.ExitCode;
import dev.holdfast.cli.Formats;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.ProgressLine;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.SnapshotFilter;
import dev.holdfast.core.lock.LockMode;
import dev.holdfast.core.lock.RepositoryLock;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.restore.Overwrite;
import dev.holdfast.core.restore.Restore;
import dev.holdfast.core.restore.RestoreProblem;
import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.core.restore.RestoreRequest;
import dev.holdfast.core.restore.RestoreResult;
import dev.holdfast.core.snapshot.Snapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code holdfast restore SNAPSHOT[:PATH] --target DIR}: writes a snapshot back to disk. */
@Command(name = "restore", description = "Restore a snapshot (or part of it) into a folder.")
public final class RestoreCommand extends RepoCommand {
  @Option(
      names = "--no-lock",
      description =
          "Take no lock (for read-only storage credentials). A prune running meanwhile may then"
              + " delete data this command reads.")
  boolean noLock;

  @Parameters(
      index = "0",
      paramLabel = "SNAPSHOT[:PATH]",
      description = "Snapshot id prefix or 'latest', optionally with a path inside it.")
  String snapshot;

  @Option(
      names = {"-t", "--target"},
      required = true,
      paramLabel = "DIR",
      description = "Folder to restore into (created if missing).")
  Path target;

  @Option(
      names = {"-i", "--include"},
      paramLabel = "GLOB",
      description = "Restore only entries matching GLOB (repeatable).")
  List<String> includes = new ArrayList<>();

  @Option(
      names = {"-e", "--exclude"},
      paramLabel = "GLOB",
      description = "Leave out entries matching GLOB (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(
      names = "--overwrite",
      paramLabel = "POLICY",
      converter = OverwriteName.class,
      description =
          "When a file exists: always (replace it; the default), if-changed (replace it when its"
              + " size or time differ), never (keep it).")
  Overwrite overwrite = Overwrite.ALWAYS;

  @Option(
      names = "--verify",
      description = "Read restored files back and check every chunk against the snapshot.")
  boolean verify;

  @Option(names = "--no-sparse", negatable = false, description = "Write zeros instead of holes.")
  boolean noSparse;

  @Mixin SnapshotFilter filter = new SnapshotFilter();

  @Override
  public Integer call() {
    String ref = snapshot;
    String sub = "";
    int colon = snapshot.indexOf(':');
    if (colon >= 0) {
      ref = snapshot.substring(0, colon);
      sub = snapshot.substring(colon + 1);
    }
    try (Repository repo = Repositories.open(global());
        RepositoryLock lock =
            noLock ? null : Repositories.locks(repo).acquire(LockMode.SHARED, "restore")) {
      Snapshot s = repo.snapshots().resolve(ref, filter.predicate());
      RestoreRequest request =
          new RestoreRequest(s, sub, target, includes, excludes, overwrite, verify, !noSparse);
      RestoreProgress progress = new RestoreProgress();
      RestoreResult result =
          ProgressLine.during(
              global(),
              new ProgressLine.Counters(
                  progress::filesDone,
                  progress::totalFiles,
                  progress::bytesDone,
                  progress::totalBytes,
                  () -> true),
              () -> new Restore(repo).run(request, progress));
      for (RestoreProblem p : result.problems()) {
        warn(p.path() + ": " + p.message());
      }
      Output out = output();
      if (out.json()) {
        out.printJson(result);
      } else {
        out.line(
            String.format(
                "restored snapshot %s to %s: %d files, %d folders, %d symlinks, %s",
                s.id().toShortHex(),
                target,
                result.files(),
                result.directories(),
                result.symlinks(),
                Formats.bytes(result.bytes())));
        if (verify) {
          out.line("verified " + result.verifiedFiles() + " files against the snapshot");
        }
        if (!result.skipped().isEmpty()) {
          out.line(
              result.skipped().size() + " entries left as they were: " + summary(result.skipped()));
        }
      }
      return result.complete() ? ExitCode.OK.code() : ExitCode.PARTIAL.code();
    }
  }

  /** Reads the policy names users type: {@code always}, {@code if-changed}, {@code never}. */
  static final class OverwriteName implements ITypeConverter<Overwrite> {
    @Override
    public Overwrite convert(String value) {
      String name = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
      return switch (name) {
        case "always" -> Overwrite.ALWAYS;
        case "if-changed" -> Overwrite.IF_CHANGED;
        case "never" -> Overwrite.NEVER;
        default ->
            throw new TypeConversionException(
                "'" + value + "' is not a policy: give always, if-changed or never");
      };
    }
  }

  private static String summary(List<String> items) {
    return items.size() <= 5
        ? String.join(", ", items)
        : String.join(", ", items.subList(0, 5)) + ", ...";
  }
}
