package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole life of a repository through the command line, as a user would live it. */
class EndToEndTest {
  @TempDir Path tmp;

  @Test
  void initBackupBrowseRestoreCheckAndManageKeys() throws Exception {
    Path source = tmp.resolve("source");
    new TreeGenerator(42).write(source, 1_500_000);
    CliRepo repo = CliRepo.create(tmp);

    Cli.Result first = repo.ok("backup", source.toString());
    assertThat(first.out()).contains("snapshot ", " saved (file://");
    String firstId = repo.json("snapshots").get(0).get("id").asText();

    // change the source: modify, add, delete
    List<Path> singles = singlyLinkedFiles(source);
    Path modified = singles.get(0);
    Path deleted = singles.get(1);
    byte[] original = Files.readAllBytes(modified);
    Files.writeString(modified, "rewritten content\n");
    Files.writeString(source.resolve("added.txt"), "a new file\n");
    Files.delete(deleted);

    JsonNode secondSnapshot = repo.json("backup", source.toString()).get("snapshot");
    assertThat(secondSnapshot.get("parent").asText()).isEqualTo(firstId);
    assertThat(secondSnapshot.get("stats").get("filesNew").asLong()).isEqualTo(1);
    assertThat(secondSnapshot.get("stats").get("filesChanged").asLong()).isEqualTo(1);
    String secondId = secondSnapshot.get("id").asText();

    assertThat(repo.ok("snapshots").out())
        .contains(firstId.substring(0, 8), secondId.substring(0, 8), "2 snapshots");

    List<String> listed = new ArrayList<>();
    repo.json("ls", "latest").forEach(e -> listed.add(e.get("path").asText()));
    assertThat(listed)
        .contains("/added.txt", "/" + source.relativize(modified))
        .doesNotContain("/" + source.relativize(deleted));
    assertThat(repo.ok("ls", "latest", "--long").out()).contains("link-dangling -> no/such/target");

    Cli.Result diff = repo.ok("diff", firstId.substring(0, 8), secondId.substring(0, 8));
    assertThat(diff.out())
        .contains("+  /added.txt")
        .contains("-  /" + source.relativize(deleted))
        .contains("M  /" + source.relativize(modified))
        .contains("1 added, 1 removed, 1 modified");

    Path restored = tmp.resolve("restored");
    Cli.Result restore = repo.ok("restore", "latest", "--target", restored.toString(), "--verify");
    assertThat(restore.out()).contains("restored snapshot " + secondId.substring(0, 8), "verified");
    TreeAssertions.assertSameTree(source, restored, "restore of the latest snapshot");

    Path older = tmp.resolve("older");
    repo.ok("restore", firstId, "--target", older.toString());
    assertThat(Files.readAllBytes(older.resolve(source.relativize(modified)))).isEqualTo(original);
    assertThat(older.resolve(source.relativize(deleted))).exists();
    assertThat(older.resolve("added.txt")).doesNotExist();

    Cli.Result check = repo.ok("check", "--read-data");
    assertThat(check.out()).contains("checked 2 snapshots", "no errors found");

    JsonNode stats = repo.json("stats");
    assertThat(stats.get("snapshots").asLong()).isEqualTo(2);
    assertThat(stats.get("dedupRatio").asDouble()).isGreaterThan(1.0);

    // a second passphrase opens the same repository; the first can then be retired
    Path second = CliRepo.passwordFile(tmp, "second", "another passphrase for the team");
    List<String> add = new ArrayList<>(List.of("key", "add", "--new-password-file"));
    add.add(second.toString());
    add.addAll(CliRepo.FAST_KEY);
    String added = repo.json(add.toArray(String[]::new)).get("id").asText();
    JsonNode keys = repo.json("key", "list");
    assertThat(keys).hasSize(2);
    String originalKey = "";
    for (JsonNode k : keys) {
      if (k.get("current").asBoolean()) {
        originalKey = k.get("id").asText();
      }
    }
    assertThat(originalKey).isNotEqualTo(added).isNotEmpty();
    assertThat(repo.withPasswordFile(second, "snapshots").code()).isZero();

    assertThat(repo.run("key", "remove", originalKey).code())
        .as("the key in use cannot be removed")
        .isEqualTo(2);
    assertThat(repo.withPasswordFile(second, "key", "remove", originalKey.substring(0, 8)).code())
        .isZero();
    assertThat(repo.run("snapshots").code()).as("the removed passphrase").isEqualTo(11);

    Path third = CliRepo.passwordFile(tmp, "third", "rotated passphrase");
    List<String> passwd = new ArrayList<>(List.of("key", "passwd", "--new-password-file"));
    passwd.add(third.toString());
    passwd.addAll(CliRepo.FAST_KEY);
    assertThat(repo.withPasswordFile(second, passwd.toArray(String[]::new)).code()).isZero();
    assertThat(repo.withPasswordFile(second, "snapshots").code()).isEqualTo(11);
    assertThat(repo.withPasswordFile(third, "snapshots", "--json").json()).hasSize(2);
  }

  /** Regular files without hard links, in path order: changing one changes no other. */
  private static List<Path> singlyLinkedFiles(Path root) throws Exception {
    try (var all = Files.walk(root)) {
      List<Path> files = new ArrayList<>();
      for (Path p : all.sorted().toList()) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
            && (Integer) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS) == 1) {
          files.add(p);
        }
      }
      return files;
    }
  }
}
