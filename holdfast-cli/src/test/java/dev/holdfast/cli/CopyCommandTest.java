package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.core.testing.TreeAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code holdfast copy}: a second site for the snapshots of a repository, through the CLI. */
class CopyCommandTest {
  @TempDir Path tmp;
  CliRepo primary;
  CliRepo secondary;
  Path data;

  @BeforeEach
  void twoRepositories() throws Exception {
    primary = CliRepo.create(Files.createDirectories(tmp.resolve("primary")));
    secondary = CliRepo.create(Files.createDirectories(tmp.resolve("secondary")));
    data = SampleTrees.write(tmp.resolve("data"), 3);
  }

  /** Runs {@code copy} into the secondary from the primary, with extra arguments. */
  private Cli.Result copy(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "copy",
                "--from-repo",
                primary.dir.toString(),
                "--from-password-file",
                primary.passwordFile.toString()));
    all.addAll(List.of(args));
    return secondary.run(all.toArray(String[]::new));
  }

  @Test
  void copiesEverySnapshotOnceAndTheCopiesRestoreAndCheck() throws Exception {
    String first = primary.backup("--tag", "nightly", data.toString());
    Files.writeString(data.resolve("logs/app.log"), "more\n", StandardOpenOption.APPEND);
    String second = primary.backup(data.toString());

    Cli.Result r = copy();

    assertThat(r.code()).as("%s", r).isZero();
    assertThat(r.out())
        .contains(first.substring(0, 8) + " -> ", second.substring(0, 8) + " -> ", "copied (read ")
        .contains("2 snapshots: 2 copied, 0 already copied")
        .contains("from the source, stored ");
    JsonNode copies = secondary.json("snapshots");
    assertThat(copies).hasSize(2);
    assertThat(copies.get(0).get("tags").get(0).asText()).isEqualTo("nightly");
    assertThat(copies.get(1).get("parent").asText()).isEqualTo(copies.get(0).get("id").asText());

    Path restored = tmp.resolve("restored");
    secondary.ok("restore", "latest", "--target", restored.toString(), "--verify");
    TreeAssertions.assertSameTree(data, restored, "restore from the second site");
    assertThat(secondary.ok("check", "--read-data").out()).contains("no errors found");

    Cli.Result again = copy();
    assertThat(again.code()).as("%s", again).isZero();
    assertThat(again.out())
        .contains(first.substring(0, 8) + " -> ", "already copied")
        .contains("2 snapshots: 0 copied, 2 already copied")
        .contains("read 0 B from the source, stored 0 B new");
    assertThat(secondary.json("snapshots")).hasSize(2);
  }

  @Test
  void snapshotIdsAndFiltersChooseWhatIsCopied() throws Exception {
    String tagged = primary.backup("--tag", "weekly", data.toString());
    String untagged = primary.backup("--source", "file://elsewhere/data", data.toString());

    Cli.Result byTag = copy("--tag", "weekly", "--json");
    assertThat(byTag.code()).as("%s", byTag).isZero();
    assertThat(byTag.json().get("snapshots")).hasSize(1);
    assertThat(byTag.json().get("snapshots").get(0).get("sourceSnapshot").asText())
        .isEqualTo(tagged);

    Cli.Result byId = copy(untagged.substring(0, 8), "--json");
    assertThat(byId.code()).as("%s", byId).isZero();
    assertThat(byId.json().get("copied").asLong()).isEqualTo(1);
    assertThat(secondary.json("snapshots", "--source", "file://elsewhere/data")).hasSize(1);
  }

  @Test
  void aWrongPassphraseNamesTheSideItBelongsTo() throws Exception {
    primary.backup(data.toString());
    Path wrong = CliRepo.passwordFile(tmp, "wrong", "not the passphrase");

    Cli.Result source =
        secondary.run(
            "copy",
            "--from-repo",
            primary.dir.toString(),
            "--from-password-file",
            wrong.toString());
    assertThat(source.code()).as("%s", source).isEqualTo(11);
    assertThat(source.err()).startsWith("holdfast: source repository: wrong passphrase");

    Cli.Result destination =
        secondary.withPasswordFile(
            wrong,
            "copy",
            "--from-repo",
            primary.dir.toString(),
            "--from-password-file",
            primary.passwordFile.toString());
    assertThat(destination.code()).as("%s", destination).isEqualTo(11);
    assertThat(destination.err()).startsWith("holdfast: destination repository: wrong passphrase");

    Cli.Result missing =
        secondary.run(
            "copy",
            "--from-repo",
            tmp.resolve("nowhere").toString(),
            "--from-password-file",
            primary.passwordFile.toString());
    assertThat(missing.code()).as("%s", missing).isEqualTo(10);
    assertThat(missing.err()).startsWith("holdfast: source repository: there is no Holdfast");

    for (Cli.Result r : List.of(source, destination, missing)) {
      assertThat(r.out() + r.err()).doesNotContain(CliRepo.PASSPHRASE);
    }
    assertThat(secondary.json("snapshots")).isEmpty();
  }

  @Test
  void aDamagedSourceNamesTheSnapshotAndFileAndCommitsNothingOfIt() throws Exception {
    Path precious = Files.createDirectories(tmp.resolve("precious"));
    Files.write(precious.resolve("precious.bin"), SampleTrees.randomBytes(400_000, 8));
    String id = primary.backup(precious.toString());
    Damage.flipByteInLargestPack(primary.dir);

    Cli.Result r = copy();

    assertThat(r.code()).as("%s", r).isEqualTo(12);
    assertThat(r.err())
        .startsWith("error: snapshot " + id.substring(0, 8))
        .contains("/precious.bin", "failed authentication");
    assertThat(r.out()).contains(id.substring(0, 8), "not copied", "1 not copied");
    assertThat(secondary.json("snapshots")).isEmpty();
    assertThat(secondary.ok("check", "--read-data").out()).contains("no errors found");
  }

  @Test
  void withoutASourceRepositoryCopyIsAUsageError() {
    Cli.Result r = secondary.run("copy");
    assertThat(r.code()).as("%s", r).isEqualTo(2);
    assertThat(r.err()).contains("--from-repo");
  }
}
