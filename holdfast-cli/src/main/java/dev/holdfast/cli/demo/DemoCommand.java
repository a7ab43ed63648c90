package dev.holdfast.cli.demo;

import dev.holdfast.cli.ExitCode;
import dev.holdfast.cli.Formats;
import dev.holdfast.cli.Hosts;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.SnapshotView;
import dev.holdfast.cli.command.CheckCommand;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.browse.Change;
import dev.holdfast.core.browse.Differ;
import dev.holdfast.core.check.Check;
import dev.holdfast.core.check.CheckOptions;
import dev.holdfast.core.check.CheckResult;
import dev.holdfast.core.repository.InitOptions;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.restore.Restore;
import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.core.restore.RestoreRequest;
import dev.holdfast.core.restore.RestoreResult;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStats;
import dev.holdfast.core.storage.local.LocalBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code holdfast demo}: the whole life of a backup on sample data, in a few seconds and with no
 * setup: create a repository, back up, change files, back up again, restore, verify, check.
 */
@Command(
    name = "demo",
    description = "Try Holdfast on sample data: init, backup, change, backup, restore, verify.")
public final class DemoCommand extends RepoCommand {
  static final String PASSPHRASE = "demo";

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Work folder (default a new folder in the temp directory).")
  Path dir;

  @Override
  public Integer call() throws IOException {
    Path work = dir != null ? prepare(dir) : Files.createTempDirectory("holdfast-demo-");
    Path sample = work.resolve("sample");
    Path repoDir = work.resolve("repo");
    Path restored = work.resolve("restored");
    Output out = output();
    out.line("Holdfast demo in " + work);

    SampleData data = new SampleData();
    data.create(sample);
    out.line(
        "1. wrote sample data: "
            + describe(sample)
            + " (text and logs, random bytes, a database file, 200 small files, a 64 MiB sparse file, a symlink, a hard link)");

    Clock clock = Clock.systemDefaultZone();
    try (Repository repo =
        Repository.init(
            LocalBlobStore.create(repoDir),
            PASSPHRASE.toCharArray(),
            InitOptions.defaults(),
            Hosts.hostName(),
            Hosts.userName(),
            clock)) {
      out.line(
          "2. created an encrypted repository at "
              + repoDir
              + " (passphrase \""
              + PASSPHRASE
              + "\")");

      BackupRequest request = BackupRequest.of(Hosts.hostName(), sample);
      Snapshot first = new Backup(repo).run(request, new BackupProgress()).snapshot();
      out.line("3. backup #1: snapshot " + first.id().toShortHex() + ", " + summary(first.stats()));

      data.change(sample);
      out.line(
          "4. changed the sample: appended to logs/app.log, rewrote one page of db/pages.db,"
              + " deleted a photo, added docs/new-plan.txt");

      Snapshot second = new Backup(repo).run(request, new BackupProgress()).snapshot();
      SnapshotStats st = second.stats();
      out.line(
          String.format(
              "5. backup #2: snapshot %s, %d new, %d changed, %d unchanged files (not even read); %s",
              second.id().toShortHex(),
              st.filesNew(),
              st.filesChanged(),
              st.filesUnchanged(),
              summary(st)));
      List<Change> changes = new Differ(repo).diff(first, second);
      out.line(
          "   diff: "
              + changes.stream()
                  .map(c -> c.kind().mark() + " " + c.path())
                  .collect(Collectors.joining(", ")));

      RestoreResult result =
          new Restore(repo)
              .run(RestoreRequest.of(second, restored).withVerify(true), new RestoreProgress());
      out.line(
          String.format(
              "6. restored snapshot %s to %s: %d files, %s; re-hashed %d files against the snapshot",
              second.id().toShortHex(),
              restored,
              result.files(),
              Formats.bytes(result.bytes()),
              result.verifiedFiles()));

      List<String> differences = TreeComparison.differences(sample, restored);
      out.line(
          differences.isEmpty()
              ? "7. compared the restored folder with the sample: identical (content, permissions, times, symlinks)"
              : "7. the restored folder differs from the sample: " + differences);

      CheckResult check = new Check(repo).run(CheckOptions.allData());
      out.line(
          String.format(
              "8. check --read-data: %d packs, %d blobs authenticated and re-hashed, %s",
              check.packsRead(),
              check.blobsRead(),
              check.ok() ? "no errors" : check.errors().size() + " errors"));

      out.line("");
      out.line("Try it yourself:");
      out.line("  export HOLDFAST_REPO=" + repoDir + " HOLDFAST_PASSWORD=" + PASSPHRASE);
      out.line("  ./holdfast snapshots");
      out.line("  ./holdfast ls latest docs");
      out.line("  ./holdfast diff " + first.id().toShortHex() + " " + second.id().toShortHex());
      out.line("  ./holdfast restore latest --target /tmp/restored --verify");
      out.line("  ./holdfast check --read-data");
      if (out.json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("directory", work.toString());
        json.put("repository", repoDir.toString());
        json.put("snapshots", List.of(SnapshotView.of(first), SnapshotView.of(second)));
        json.put("restored", restored.toString());
        json.put("restore", result);
        json.put("identical", differences.isEmpty());
        json.put("differences", differences);
        json.put("check", CheckCommand.json(check, true, 100, 0));
        out.printJson(json);
      }
      boolean ok = differences.isEmpty() && result.complete() && check.ok();
      return ok ? ExitCode.OK.code() : ExitCode.ERROR.code();
    }
  }

  private static Path prepare(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new UsageError("demo folder " + dir + " is not empty");
        }
      }
    }
    return Files.createDirectories(dir).toAbsolutePath();
  }

  private static String summary(SnapshotStats st) {
    return String.format(
        "%d files, %s processed, %s stored, %s",
        st.files(),
        Formats.bytes(st.bytesProcessed()),
        Formats.bytes(st.bytesAdded()),
        Formats.duration(Duration.ofMillis(st.durationMillis())));
  }

  private static String describe(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      List<Path> files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
      long bytes = 0;
      for (Path p : files) {
        bytes += Files.size(p);
      }
      return files.size() + " files, " + Formats.bytes(bytes);
    }
  }
}
