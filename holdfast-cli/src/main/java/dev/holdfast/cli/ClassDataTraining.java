package dev.holdfast.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The everyday commands run once against a throwaway repository, so that the {@code holdfast}
 * launcher can record the classes they load into its class-data-sharing archive once per build (a
 * JVM that maps the archive starts those commands sooner; holdfast-bench/README.md). Not a
 * subcommand: the launcher runs this class by name. It writes only inside a new temporary folder,
 * which it removes, and ignores how each command ends (a command that fails still loads classes).
 */
public final class ClassDataTraining {
  private static final String SARIF =
      """
      {"version": "2.1.0",
       "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
       "runs": [{"tool": {"driver": {"name": "Training", "version": "1.0",
         "rules": [{"id": "R1", "properties": {"security-severity": "3.0"}}]}},
         "results": [{"ruleId": "R1", "ruleIndex": 0, "message": {"text": "training"},
           "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/A.java"},
             "region": {"startLine": 1}}}]}]}]}
      """;

  private ClassDataTraining() {}

  /** Runs the training in a temporary folder and removes it. */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("holdfast-class-data-");
    try {
      run(dir);
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * Runs the commands against a repository created in {@code dir}.
   *
   * @return the commands that did not exit 0 (none, unless an option was renamed)
   */
  static List<String> run(Path dir) throws IOException {
    Path passphrase = Files.writeString(dir.resolve("passphrase"), "training-only-not-a-secret\n");
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("file.txt"), "training", StandardCharsets.UTF_8);
    Path report = Files.writeString(dir.resolve("report.sarif"), SARIF, StandardCharsets.UTF_8);
    String source = "training";
    List<List<String>> commands =
        List.of(
            List.of("init", "--kdf-memory", "64K", "--kdf-iterations", "1"),
            List.of("backup", "--source", source, "--app", "app=v1", data.toString()),
            List.of("sast", "ingest", report.toString(), "--app", "app", "--version", "v1"),
            List.of("snapshots"),
            List.of("snapshots", "--json"),
            List.of("posture"),
            List.of("posture", "--json"),
            List.of("sast", "findings", "--app", "app", "--json"),
            List.of("sast", "versions", "--json"),
            List.of(
                "restore",
                "--latest-clean",
                "--source",
                source,
                "--target",
                dir.resolve("restored").toString()),
            List.of("check"));
    PrintWriter discard = new PrintWriter(Writer.nullWriter());
    List<String> failed = new ArrayList<>();
    for (List<String> command : commands) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--repo",
                  dir.resolve("repo").toString(),
                  "--password-file",
                  passphrase.toString(),
                  "--cache-dir",
                  dir.resolve("cache").toString()));
      args.addAll(command);
      if (Main.run(args.toArray(String[]::new), discard, discard) != 0) {
        failed.add(String.join(" ", command));
      }
    }
    return failed;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
