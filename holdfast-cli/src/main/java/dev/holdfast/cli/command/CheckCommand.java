package dev.holdfast.cli.command;

import dev.holdfast.cli.ExitCode;
import dev.holdfast.cli.Formats;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.check.Check;
import dev.holdfast.core.check.CheckOptions;
import dev.holdfast.core.check.CheckResult;
import dev.holdfast.core.lock.LockMode;
import dev.holdfast.core.lock.RepositoryLock;
import dev.holdfast.core.repository.Repository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast check [--read-data [--subset N%]]}: proves the repository is intact. */
@Command(
    name = "check",
    description = "Check the repository's structure and, with --read-data, every byte of its data.")
public final class CheckCommand extends RepoCommand {
  @Option(
      names = "--no-lock",
      description =
          "Take no lock (for read-only storage credentials). A prune running meanwhile may then"
              + " delete data this command reads.")
  boolean noLock;

  @Option(names = "--read-data", description = "Read, authenticate and re-hash every blob.")
  boolean readData;

  @Option(
      names = "--subset",
      paramLabel = "N%",
      description = "With --read-data: read only this share of the packs, chosen at random.")
  String subset;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description =
          "Seed that chooses the subset (default random; printed so a run can be repeated).")
  Long seed;

  @Override
  public Integer call() {
    double percent = 100;
    if (subset != null) {
      if (!readData) {
        throw new UsageError("--subset goes with --read-data");
      }
      String p = subset.endsWith("%") ? subset.substring(0, subset.length() - 1) : subset;
      try {
        percent = Double.parseDouble(p);
      } catch (NumberFormatException e) {
        throw new UsageError("--subset: '" + subset + "' is not a percentage");
      }
      if (!(percent > 0 && percent <= 100)) {
        throw new UsageError("--subset must be more than 0% and at most 100%");
      }
    }
    // 53 bits: the seed survives JSON readers that hold numbers as doubles (JavaScript, jq)
    long s = seed != null ? seed : new java.security.SecureRandom().nextLong() >>> 11;
    try (Repository repo = Repositories.open(global());
        RepositoryLock lock =
            noLock ? null : Repositories.locks(repo).acquire(LockMode.SHARED, "check")) {
      CheckResult r = new Check(repo).run(new CheckOptions(readData, percent, s));
      Output out = output();
      if (out.json()) {
        out.printJson(json(r, readData, percent, s));
      } else {
        out.line(
            String.format(
                "checked %d snapshots, %d trees, %d packs%s",
                r.snapshots(),
                r.trees(),
                r.packs(),
                readData
                    ? String.format(
                        "; read %d packs (%s), %d blobs%s",
                        r.packsRead(),
                        Formats.bytes(r.bytesRead()),
                        r.blobsRead(),
                        percent < 100 ? " (subset " + percent + "%, seed " + s + ")" : "")
                    : ""));
        r.warnings().forEach(w -> out.line("warning: " + w));
        r.errors().forEach(e -> out.line("error: " + e));
        if (!r.damagedFiles().isEmpty()) {
          List<List<String>> rows = new ArrayList<>();
          r.damagedFiles()
              .forEach(d -> rows.add(List.of(d.snapshot().substring(0, 8), d.path(), d.source())));
          out.line("damaged files:");
          out.table(List.of("Snapshot", "Path", "Source"), rows);
        }
        out.line(r.ok() ? "no errors found" : r.errors().size() + " errors found");
      }
      return r.ok() ? ExitCode.OK.code() : ExitCode.CORRUPT.code();
    }
  }

  /**
   * The JSON form of a check (docs/CLI.md): the result's figures and what was asked, with a subset
   * the seed that repeats the run.
   */
  public static Map<String, Object> json(
      CheckResult r, boolean readData, double percent, long seed) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", r.ok());
    json.put("snapshots", r.snapshots());
    json.put("trees", r.trees());
    json.put("packs", r.packs());
    json.put("packsRead", r.packsRead());
    json.put("blobsRead", r.blobsRead());
    json.put("bytesRead", r.bytesRead());
    json.put("readData", readData);
    json.put("subsetPercent", readData ? percent : 0.0);
    json.put("seed", readData && percent < 100 ? seed : null);
    json.put("errors", r.errors());
    json.put("warnings", r.warnings());
    json.put("damagedFiles", r.damagedFiles());
    return json;
  }
}
