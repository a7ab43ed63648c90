package dev.holdfast.cli.command;

import dev.holdfast.cli.ExitCode;
import dev.holdfast.cli.Formats;
import dev.holdfast.cli.GateOption;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.Postures;
import dev.holdfast.cli.ProgressLine;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.SnapshotFilter;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
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
import dev.holdfast.sast.posture.LatestClean;
import dev.holdfast.sast.posture.PostureJudge;
import dev.holdfast.sast.posture.SnapshotPosture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
      arity = "0..1",
      paramLabel = "SNAPSHOT[:PATH]",
      description =
          "Snapshot id prefix or 'latest', optionally with a path inside it; with --latest-clean,"
              + " only :PATH.")
  String snapshot;

  @Option(
      names = "--latest-clean",
      description =
          "Restore the newest snapshot (of --source) whose security posture is clean under --gate,"
              + " saying why each newer one was skipped (see 'holdfast posture').")
  boolean latestClean;

  @Mixin GateOption gate = new GateOption();

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
    String ref = snapshot == null ? "" : snapshot;
    String sub = "";
    int colon = ref.indexOf(':');
    if (colon >= 0) {
      sub = ref.substring(colon + 1);
      ref = ref.substring(0, colon);
    }
    if (latestClean && !ref.isEmpty()) {
      throw new UsageError("give either a SNAPSHOT or --latest-clean, not both");
    }
    if (!latestClean && ref.isEmpty()) {
      throw new UsageError(
          "name the SNAPSHOT to restore (an id prefix or latest), or --latest-clean");
    }
    if (!latestClean && gate.given()) {
      throw new UsageError("--gate applies only with --latest-clean");
    }
    try (Repository repo = Repositories.open(global());
        RepositoryLock lock =
            noLock ? null : Repositories.locks(repo).acquire(LockMode.SHARED, "restore")) {
      Optional<LatestClean> choice =
          latestClean ? Optional.of(latestClean(repo)) : Optional.empty();
      Snapshot s =
          choice.isPresent()
              ? choice.get().chosen().orElseThrow().snapshot()
              : repo.snapshots().resolve(ref, filter.predicate());
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
        if (choice.isPresent()) {
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("gate", gate.gate().word());
          json.put("chosen", Postures.json(choice.get().chosen().orElseThrow()));
          json.put("skipped", choice.get().skipped().stream().map(Postures::json).toList());
          json.put("restore", result);
          out.printJson(json);
        } else {
          out.printJson(result);
        }
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

  /**
   * Chooses the newest clean snapshot of the one source the filter leaves, and prints why each
   * newer one was skipped.
   *
   * @throws NotFound when no snapshot is clean
   */
  private LatestClean latestClean(Repository repo) {
    List<Snapshot> candidates =
        repo.snapshots().list().snapshots().stream().filter(filter.predicate()).toList();
    Set<String> sources = new TreeSet<>();
    candidates.forEach(c -> sources.add(c.source()));
    if (sources.size() > 1) {
      throw new UsageError(
          "--latest-clean needs --source: the snapshots come from "
              + sources.size()
              + " sources ("
              + String.join(", ", sources.stream().limit(5).toList())
              + (sources.size() > 5 ? ", ..." : "")
              + ")");
    }
    PostureJudge judge = Postures.judge(repo, candidates, gate.gate(), err());
    LatestClean choice = LatestClean.among(candidates, judge);
    Output out = output();
    for (SnapshotPosture p : choice.skipped()) {
      out.line(
          "skipped "
              + p.snapshot().id().toShortHex()
              + " ("
              + Formats.time(p.snapshot().time())
              + "): "
              + p.verdict().word()
              + ": "
              + p.why());
    }
    if (choice.chosen().isEmpty()) {
      throw new NotFound(
          "no clean snapshot"
              + (sources.isEmpty() ? "" : " of " + sources.iterator().next())
              + " under gate "
              + gate.gate().word()
              + ": "
              + candidates.size()
              + " snapshots, none clean (see 'holdfast posture')");
    }
    SnapshotPosture chosen = choice.chosen().get();
    out.line(
        "chose "
            + chosen.snapshot().id().toShortHex()
            + " ("
            + Formats.time(chosen.snapshot().time())
            + "), the newest clean snapshot: "
            + chosen.why());
    return choice;
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
