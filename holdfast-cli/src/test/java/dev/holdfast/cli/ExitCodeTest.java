package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each documented exit code (docs/CLI.md, ExitCode) for the situation it names. */
class ExitCodeTest {
  @TempDir Path tmp;
  CliRepo repo;
  Path source;

  @BeforeEach
  void repository() throws Exception {
    repo = CliRepo.create(tmp);
    source = SampleTrees.write(tmp.resolve("source"), 3);
  }

  @Test
  void successIsZero() {
    assertThat(repo.run("backup", source.toString()).code()).isZero();
    assertThat(repo.run("snapshots").code()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "snapshots --bogus",
        "restore latest",
        "backup --label novalue SRC",
        "backup --label =value SRC",
        "snapshots --label novalue",
        "backup --app shop SRC",
        "backup --app shop= SRC",
        "backup --app =1.0 SRC",
        "backup --app sh!op=1 SRC",
        "backup --time yesterday SRC",
        "backup",
        "check --subset 10%",
        "check --read-data --subset 0%",
        "check --read-data --subset lots",
        "restore latest --target T --overwrite sometimes",
        "ls abc",
        "ls zzzz",
        "init --chunk-avg 3K",
        "init --chunker rabin",
        "init --kdf-memory lots",
        "init --kdf-memory 4K",
        "init --kdf-iterations 0",
        "init --compression-level 20",
        "init --pack-size 512K",
        "init --chunk-min 4G",
        "key remove xyz",
        "diff latest",
        "key",
        "nosuchcommand"
      })
  void usageErrorsAreTwo(String command) {
    String[] args =
        command
            .replace("SRC", source.toString())
            .replace(" T ", " " + tmp.resolve("target") + " ")
            .split(" ");
    Cli.Result r = repo.run(args);
    assertThat(r.code()).as("%s\n%s", command, r).isEqualTo(2);
    assertThat(r.err()).startsWith("holdfast: ");
  }

  @Test
  void aMissingPathToBackUpIsAUsageErrorAndSavesNothing() {
    Cli.Result r = repo.run("backup", tmp.resolve("no-such-folder").toString());
    assertThat(r.code()).as("%s", r).isEqualTo(2);
    assertThat(r.err()).contains("no-such-folder").contains("no such file or directory");
    assertThat(repo.json("snapshots")).isEmpty();
  }

  @Test
  void aFileBackupCouldNotReadIsThreeAndTheRestIsSaved() throws Exception {
    Path unreadable = Unreadable.file(tmp);
    Cli.Result r = repo.run("backup", source.toString(), unreadable.toString());
    assertThat(r.code()).as("%s", r).isEqualTo(3);
    assertThat(r.err()).contains("warning: " + unreadable + ": cannot read file");
    assertThat(r.out()).contains("1 entries could not be backed up");
    assertThat(repo.json("snapshots")).hasSize(1);
    assertThat(repo.json("ls", "latest").toString()).contains("/source/notes.txt");
  }

  @Test
  void aRestoreThatCouldNotWriteAFileIsThree() throws Exception {
    repo.ok("backup", source.toString());
    Path target = tmp.resolve("target");
    Files.createDirectories(target.resolve("notes.txt/in-the-way"));
    Cli.Result r = repo.run("restore", "latest", "--target", target.toString());
    assertThat(r.code()).as("%s", r).isEqualTo(3);
    assertThat(r.err()).contains("warning: notes.txt: a folder is in the way");
    assertThat(target.resolve("docs/a.txt")).exists();
  }

  @Test
  void noRepositoryIsTen() throws Exception {
    Cli.Result missing =
        Cli.run(
            "--repo",
            tmp.resolve("nowhere").toString(),
            "--password-file",
            repo.passwordFile.toString(),
            "snapshots");
    assertThat(missing.code()).as("%s", missing).isEqualTo(10);
    assertThat(missing.err()).contains("nowhere", "holdfast init");

    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Cli.Result notARepository =
        Cli.run(
            "--repo",
            empty.toString(),
            "--password-file",
            repo.passwordFile.toString(),
            "snapshots");
    assertThat(notARepository.code()).as("%s", notARepository).isEqualTo(10);
  }

  @Test
  void wrongPassphraseIsEleven() throws Exception {
    Path wrong = CliRepo.passwordFile(tmp, "wrong", "not the passphrase");
    Cli.Result r = repo.withPasswordFile(wrong, "snapshots");
    assertThat(r.code()).as("%s", r).isEqualTo(11);
    assertThat(r.err()).startsWith("holdfast: wrong passphrase");
  }

  @Test
  void damageFoundByCheckIsTwelveAndNamesTheFile() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("precious"));
    Files.write(src.resolve("ledger.db"), SampleTrees.randomBytes(150_000, 4));
    Files.writeString(src.resolve("small.txt"), "stored in the same pack? no: trees pack apart\n");
    repo.ok("backup", src.toString());
    Path pack = Damage.flipByteInLargestPack(repo.dir);

    Cli.Result r = repo.run("check", "--read-data");
    assertThat(r.code()).as("%s", r).isEqualTo(12);
    assertThat(r.out())
        .contains("error: ")
        .contains(pack.getFileName().toString().substring(0, 8))
        .contains("damaged files:")
        .contains("ledger.db")
        .doesNotContain("small.txt");
  }

  @Test
  void checkWithoutReadDataTrustsPackContents() throws Exception {
    repo.ok("backup", source.toString());
    Damage.flipByteInLargestPack(repo.dir);
    // the structure (snapshots, trees, index, pack sizes) is intact; only reading finds the flip
    assertThat(repo.run("check").code()).isZero();
    assertThat(repo.run("check", "--read-data").code()).isEqualTo(12);
  }

  @Test
  void brokenStorageIsThirteen() throws Exception {
    Path staging = repo.dir.resolve("tmp");
    Files.delete(staging);
    Files.writeString(staging, "a file where the staging folder should be");
    Cli.Result r = repo.run("backup", source.toString());
    assertThat(r.code()).as("%s", r).isEqualTo(13);
    // The first blob a backup stores is its lock.
    assertThat(r.err()).startsWith("holdfast: ").contains("locks/").contains(repo.dir.toString());
  }

  @Test
  void initOnAnExistingRepositoryIsFourteen() {
    Cli.Result r = repo.run("init", "--kdf-memory", "64K", "--kdf-iterations", "1");
    assertThat(r.code()).as("%s", r).isEqualTo(14);
    assertThat(r.err()).contains("already exists");
  }

  @Test
  void initWithSettingsTheRepositoryWouldRefuseLeavesNothingBehind() {
    Path dir = tmp.resolve("new-repo");
    for (String[] bad : new String[][] {{"--compression-level", "20"}, {"--pack-size", "300M"}}) {
      Cli.Result r =
          Cli.run(
              "--repo",
              dir.toString(),
              "--password-file",
              repo.passwordFile.toString(),
              "init",
              bad[0],
              bad[1]);
      assertThat(r.code()).as("%s", r).isEqualTo(2);
      assertThat(dir).as("after init %s %s", bad[0], bad[1]).doesNotExist();
    }
  }

  @Test
  void initIntoANonEmptyFolderThatIsNoRepositoryIsRefused() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(folder.resolve("holiday.jpg"), "not a repository");
    Cli.Result r =
        Cli.run(
            "--repo",
            folder.toString(),
            "--password-file",
            repo.passwordFile.toString(),
            "init",
            "--kdf-memory",
            "64K",
            "--kdf-iterations",
            "1");
    assertThat(r.code()).as("%s", r).isEqualTo(2);
    assertThat(r.err()).contains("not empty");
    try (var s = Files.list(folder)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("holiday.jpg");
    }
  }

  @Test
  void unknownSnapshotKeyOrPathIsFifteen() {
    repo.ok("backup", source.toString());
    assertThat(repo.run("ls", "0000000000").code()).isEqualTo(15);
    assertThat(repo.run("restore", "ffff", "--target", tmp.resolve("t").toString()).code())
        .isEqualTo(15);
    assertThat(repo.run("ls", "latest", "no/such/path").code()).isEqualTo(15);
    assertThat(
            repo.run("restore", "latest:nothing-here", "--target", tmp.resolve("t").toString())
                .code())
        .isEqualTo(15);
    assertThat(repo.run("key", "remove", "abcdef12").code()).isEqualTo(15);
    assertThat(repo.run("ls", "latest", "--tag", "no-such-tag").code()).isEqualTo(15);
  }

  @Test
  void aNewerRepositoryFormatIsSixteen() throws Exception {
    Path config = repo.dir.resolve("config");
    try (RandomAccessFile f = new RandomAccessFile(config.toFile(), "rw")) {
      f.seek(4); // after the magic "HFRC": the format version (docs/FORMAT.md)
      f.write(99);
    }
    Cli.Result r = repo.run("snapshots");
    assertThat(r.code()).as("%s", r).isEqualTo(16);
    assertThat(r.err()).contains("format version 99");
  }
}
