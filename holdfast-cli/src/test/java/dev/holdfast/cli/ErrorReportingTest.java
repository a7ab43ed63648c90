package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How failures read: one line on stderr, a stack trace only on request, never a secret. */
class ErrorReportingTest {
  @TempDir Path tmp;
  CliRepo repo;

  @BeforeEach
  void repository() throws Exception {
    repo = CliRepo.create(tmp);
    repo.ok("backup", SampleTrees.write(tmp.resolve("source"), 5).toString());
  }

  @Test
  void everyFailureIsOneLineStartingWithTheProgramName() throws Exception {
    Path wrong = CliRepo.passwordFile(tmp, "wrong", "wrong passphrase");
    List<Cli.Result> failures =
        List.of(
            repo.run("snapshots", "--bogus"),
            repo.run("restore", "latest"),
            repo.run("ls", "abc"),
            repo.run("ls", "ffffffff"),
            repo.withPasswordFile(wrong, "snapshots"),
            repo.run("init"),
            repo.run("backup", tmp.resolve("missing").toString()),
            Cli.run("--repo", tmp.resolve("nowhere").toString(), "snapshots"),
            Cli.run("nosuchcommand"));
    for (Cli.Result r : failures) {
      assertThat(r.code()).as("%s", r).isNotZero();
      assertThat(r.err()).as("%s", r).startsWith("holdfast: ").endsWith("\n");
      assertThat(r.err().lines().count()).as("one line: %s", r).isEqualTo(1);
      assertThat(r.err()).as("%s", r).doesNotContain("Exception", "\tat ");
      assertThat(r.out()).as("%s", r).isEmpty();
    }
  }

  @Test
  void usageErrorsPointAtTheCommandsHelp() {
    Cli.Result r = repo.run("restore", "latest", "--bogus", "x");
    assertThat(r.err()).contains("'holdfast restore --help'");
    Cli.Result help = Cli.run("restore", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("Usage: holdfast restore", "--target", "Exit codes:");
    assertThat(Cli.run("key", "add", "--help").out()).contains("--new-password-file");
  }

  @Test
  void debugAddsTheStackTrace() throws Exception {
    Path wrong = CliRepo.passwordFile(tmp, "wrong", "wrong passphrase");
    Cli.Result before = repo.withPasswordFile(wrong, "--debug", "snapshots");
    Cli.Result after = repo.withPasswordFile(wrong, "snapshots", "--debug");
    for (Cli.Result r : List.of(before, after)) {
      assertThat(r.code()).isEqualTo(11);
      assertThat(r.err().lines().findFirst().orElseThrow())
          .startsWith("holdfast: wrong passphrase");
      assertThat(r.err()).contains("dev.holdfast.core.WrongPassphrase", "\tat dev.holdfast.");
    }
  }

  @Test
  void noPassphraseAppearsInAnyOutputEvenWithDebug() throws Exception {
    String wrongText = "Wr0ng-but-secret-attempt";
    String newText = "N3w-secret-passphrase-for-key";
    Path wrong = CliRepo.passwordFile(tmp, "wrong", wrongText);
    Path fresh = CliRepo.passwordFile(tmp, "fresh", newText);
    List<Cli.Result> runs = new ArrayList<>();
    runs.add(repo.withPasswordFile(wrong, "--debug", "snapshots"));
    runs.add(repo.withPasswordFile(wrong, "--debug", "key", "list", "--json"));
    runs.add(repo.run("--debug", "init"));
    runs.add(repo.run("--debug", "snapshots", "--json"));
    runs.add(repo.run("--debug", "key", "list"));
    runs.add(repo.run("--debug", "ls", "ffffffff"));
    List<String> add = new ArrayList<>(List.of("--debug", "key", "add", "--new-password-file"));
    add.add(fresh.toString());
    add.addAll(CliRepo.FAST_KEY);
    runs.add(repo.run(add.toArray(String[]::new)));
    add.add("--json");
    runs.add(repo.run(add.toArray(String[]::new)));
    runs.add(repo.withPasswordFile(fresh, "--debug", "key", "list", "--json"));
    Path other = Files.createDirectories(tmp.resolve("other"));
    List<String> init = new ArrayList<>(List.of("--repo", other.toString(), "--password-file"));
    init.add(fresh.toString());
    init.addAll(List.of("--debug", "init", "--json"));
    init.addAll(CliRepo.FAST_INIT);
    runs.add(Cli.run(init.toArray(String[]::new)));
    runs.add(
        Cli.run(
            "--repo", other.toString(), "--password-file", wrong.toString(), "--debug", "stats"));
    for (Cli.Result r : runs) {
      for (String secret : List.of(CliRepo.PASSPHRASE, wrongText, newText)) {
        assertThat(r.out()).as("stdout of %s", r).doesNotContain(secret);
        assertThat(r.err()).as("stderr of %s", r).doesNotContain(secret);
      }
    }
  }

  @Test
  void aPasswordFileThatCannotBeReadIsAUsageErrorNamingTheFile() throws Exception {
    Path missing = tmp.resolve("no-password-here");
    Cli.Result r = repo.withPasswordFile(missing, "snapshots");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no-password-here");

    Path empty = Files.writeString(tmp.resolve("empty-password"), "\n");
    assertThat(repo.withPasswordFile(empty, "snapshots").err()).contains("is empty");
  }
}
