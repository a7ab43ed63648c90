package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code restore} writes: selections by path and pattern, and what it does to files in the
 * way.
 */
class RestoreCommandTest {
  @TempDir Path tmp;
  CliRepo repo;
  Path source;
  String id;

  @BeforeEach
  void snapshot() throws Exception {
    repo = CliRepo.create(tmp);
    source = SampleTrees.write(tmp.resolve("source"), 30);
    id = repo.backup(source.toString());
  }

  @Test
  void everythingByDefaultWithTheSameBytes() throws Exception {
    Path target = tmp.resolve("all");
    repo.ok("restore", id, "--target", target.toString());
    assertThat(files(target))
        .containsExactly(
            "data/blob.bin",
            "docs/a.txt",
            "docs/b.md",
            "docs/deep/c.txt",
            "logs/app.log",
            "notes.txt");
    for (String f : files(target)) {
      assertThat(Files.mismatch(source.resolve(f), target.resolve(f))).as(f).isEqualTo(-1L);
    }
  }

  @Test
  void includeRestoresOnlyMatchingEntriesAndTheFoldersAboveThem() throws Exception {
    Path byName = tmp.resolve("by-name");
    repo.ok("restore", id, "--target", byName.toString(), "--include", "*.txt");
    assertThat(files(byName)).containsExactly("docs/a.txt", "docs/deep/c.txt", "notes.txt");

    Path byFolder = tmp.resolve("by-folder");
    repo.ok("restore", id, "--target", byFolder.toString(), "-i", "docs/deep", "-i", "logs");
    assertThat(files(byFolder)).containsExactly("docs/deep/c.txt", "logs/app.log");
  }

  @Test
  void excludeLeavesOutMatchingEntriesAndWhatIsBelowThem() throws Exception {
    Path target = tmp.resolve("excluded");
    repo.ok("restore", id, "--target", target.toString(), "--exclude", "docs", "-e", "*.bin");
    assertThat(files(target)).containsExactly("logs/app.log", "notes.txt");

    Path both = tmp.resolve("both");
    repo.ok("restore", id, "--target", both.toString(), "--include", "docs", "--exclude", "deep");
    assertThat(files(both)).containsExactly("docs/a.txt", "docs/b.md");
  }

  @Test
  void aPathAfterTheColonRestoresThatFolderOrFileAlone() throws Exception {
    Path folder = tmp.resolve("folder");
    repo.ok("restore", id + ":docs", "--target", folder.toString());
    assertThat(files(folder)).containsExactly("a.txt", "b.md", "deep/c.txt");

    Path file = tmp.resolve("file");
    repo.ok("restore", id.substring(0, 8) + ":/docs/deep/c.txt", "--target", file.toString());
    assertThat(files(file)).containsExactly("c.txt");
    assertThat(Files.readString(file.resolve("c.txt")))
        .isEqualTo(Files.readString(source.resolve("docs/deep/c.txt")));

    Path latest = tmp.resolve("latest");
    repo.ok("restore", "latest:logs/", "--target", latest.toString());
    assertThat(files(latest)).containsExactly("app.log");

    // patterns then apply to paths below the chosen folder
    Path patterned = tmp.resolve("patterned");
    repo.ok("restore", id + ":docs", "--target", patterned.toString(), "--include", "deep/*");
    assertThat(files(patterned)).containsExactly("deep/c.txt");
  }

  @Test
  void overwriteNeverKeepsWhatIsThere() throws Exception {
    Path target = restoredThenEdited();
    JsonNode r = repo.json("restore", id, "--target", target.toString(), "--overwrite", "never");
    assertThat(Files.readString(target.resolve("notes.txt"))).isEqualTo("edited\n");
    assertThat(Files.readString(target.resolve("docs/a.txt"))).isEqualTo(sameSizeText());
    assertThat(r.get("skipped").toString()).contains("notes.txt (exists)", "docs/a.txt (exists)");
    assertThat(r.get("problems")).isEmpty();
  }

  @Test
  void overwriteIfChangedReplacesFilesWhoseSizeOrTimeDiffer() throws Exception {
    Path target = restoredThenEdited();
    JsonNode r =
        repo.json("restore", id, "--target", target.toString(), "--overwrite", "if-changed");
    assertThat(Files.readString(target.resolve("notes.txt")))
        .as("size differs: replaced")
        .isEqualTo(Files.readString(source.resolve("notes.txt")));
    assertThat(Files.readString(target.resolve("docs/a.txt")))
        .as("same size and time: left alone, although the bytes differ")
        .isNotEqualTo(Files.readString(source.resolve("docs/a.txt")));
    assertThat(r.get("skipped").toString()).contains("docs/a.txt (unchanged)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"always", "ALWAYS", "if_changed", "IF-CHANGED", "Never"})
  void overwritePolicyNamesAreForgiving(String name) {
    Path target = tmp.resolve("forgiving");
    assertThat(repo.run("restore", id, "--target", target.toString(), "--overwrite", name).code())
        .isZero();
  }

  @Test
  void overwriteAlwaysIsTheDefaultAndReplacesEverything() throws Exception {
    Path target = restoredThenEdited();
    repo.ok("restore", id, "--target", target.toString());
    for (String f : files(target)) {
      assertThat(Files.mismatch(source.resolve(f), target.resolve(f))).as(f).isEqualTo(-1L);
    }
  }

  @Test
  void aTargetThatIsAFileIsAUsageError() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Cli.Result r = repo.run("restore", id, "--target", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not a folder");
  }

  /**
   * A restore where notes.txt was then rewritten with other content and docs/a.txt with other bytes
   * of the same size and the same modification time.
   */
  private Path restoredThenEdited() throws IOException {
    Path target = tmp.resolve("edited");
    repo.ok("restore", id, "--target", target.toString());
    Files.writeString(target.resolve("notes.txt"), "edited\n");
    Path a = target.resolve("docs/a.txt");
    FileTime time = Files.getLastModifiedTime(a);
    Files.writeString(a, sameSizeText());
    Files.setLastModifiedTime(a, time);
    return target;
  }

  /** Other text of the size of docs/a.txt. */
  private String sameSizeText() throws IOException {
    return "X".repeat((int) Files.size(source.resolve("docs/a.txt")) - 1) + "\n";
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      List<String> out = new ArrayList<>();
      s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .forEach(out::add);
      return out;
    }
  }
}
