package dev.holdfast.cli.command;

import dev.holdfast.cli.ExitCode;
import dev.holdfast.cli.Formats;
import dev.holdfast.cli.Hosts;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.ProgressLine;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.SnapshotFilter;
import dev.holdfast.cli.SnapshotView;
import dev.holdfast.cli.Times;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProblem;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.backup.BackupResult;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast backup PATH...}: backs up files and folders into a new snapshot. */
@Command(name = "backup", description = "Back up files and folders into a new snapshot.")
public final class BackupCommand extends RepoCommand {
  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files and folders to back up.")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = {"-e", "--exclude"},
      paramLabel = "GLOB",
      description = "Leave out entries matching GLOB (repeatable).")
  List<String> excludes = new ArrayList<>();

  @Option(names = "--tag", paramLabel = "TAG", description = "Tag the snapshot (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--label",
      paramLabel = "KEY=VALUE",
      description = "Label the snapshot (repeatable).")
  List<String> labels = new ArrayList<>();

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      description = "Name of what is backed up (default file://HOST/PATH).")
  String source;

  @Option(
      names = "--app",
      paramLabel = "NAME=VERSION",
      description = "An application version running against the source (repeatable).")
  List<String> apps = new ArrayList<>();

  @Option(
      names = "--parent",
      paramLabel = "SNAPSHOT",
      description = "Compare with this snapshot instead of the latest of the source.")
  String parent;

  @Option(names = "--force", description = "Read every file, even unchanged ones.")
  boolean force;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Host name to record (default this machine's).")
  String host;

  @Option(
      names = "--time",
      paramLabel = "TIME",
      description = "Snapshot time, ISO-8601 or 'YYYY-MM-DD HH:MM:SS' (default now).")
  String time;

  @Option(
      names = "--retain-days",
      paramLabel = "N",
      description =
          "Keep this backup's data under object lock for N days, longer than the repository's.")
  Integer retainDays;

  @Override
  public Integer call() {
    List<AppVersion> appVersions = new ArrayList<>();
    for (String a : apps) {
      try {
        appVersions.add(AppVersion.parse(a));
      } catch (IllegalArgumentException e) {
        throw new UsageError("--app: " + e.getMessage());
      }
    }
    if (retainDays != null && retainDays < 1) {
      throw new UsageError("--retain-days must be at least 1, was " + retainDays);
    }
    try (Repository repo =
        retainDays == null
            ? Repositories.open(global())
            : Repositories.open(global(), Duration.ofDays(retainDays))) {
      BackupRequest request =
          new BackupRequest(
              paths,
              Optional.ofNullable(source),
              excludes,
              tags,
              SnapshotFilter.parseLabels(labels),
              appVersions,
              Optional.ofNullable(parent).map(p -> repo.snapshots().resolve(p, s -> true).id()),
              force,
              Optional.ofNullable(time).map(t -> Times.parse(t, "--time")),
              host == null ? Hosts.hostName() : host,
              Hosts.userName());
      BackupProgress progress = new BackupProgress(ProgressLine.shown(global()));
      BackupResult result =
          ProgressLine.during(
              global(),
              new ProgressLine.Counters(
                  progress::filesDone,
                  progress::totalFiles,
                  progress::bytesDone,
                  progress::totalBytes,
                  progress::scanComplete),
              () -> new Backup(repo).run(request, progress));
      for (BackupProblem p : result.problems()) {
        warn(p.path() + ": " + p.message());
      }
      print(output(), result);
      return result.complete() ? ExitCode.OK.code() : ExitCode.PARTIAL.code();
    }
  }

  private static void print(Output out, BackupResult result) {
    Snapshot s = result.snapshot();
    if (out.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("snapshot", SnapshotView.of(s));
      json.put("problems", result.problems());
      out.printJson(json);
      return;
    }
    SnapshotStats st = s.stats();
    out.line("snapshot " + s.id().toShortHex() + " saved (" + s.source() + ")");
    out.line(
        String.format(
            "files:  %d new, %d changed, %d unchanged; %d folders",
            st.filesNew(), st.filesChanged(), st.filesUnchanged(), st.directories()));
    out.line(
        "data:   "
            + Formats.bytes(st.bytesProcessed())
            + " processed, "
            + Formats.bytes(st.bytesAdded())
            + " added to the repository");
    out.line("took " + Formats.duration(Duration.ofMillis(st.durationMillis())));
    if (!result.complete()) {
      out.line(result.problems().size() + " entries could not be backed up (listed above)");
    }
  }
}
