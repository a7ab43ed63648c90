package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Global options work before and after the command name, as the help promises. */
class OptionPlacementTest {
  @TempDir Path tmp;
  CliRepo repo;
  String r;
  String pw;

  @BeforeEach
  void repository() throws Exception {
    repo = CliRepo.create(tmp);
    repo.ok("backup", SampleTrees.write(tmp.resolve("source"), 20).toString());
    r = repo.dir.toString();
    pw = repo.passwordFile.toString();
  }

  @Test
  void repoPasswordFileAndJsonGoAnywhere() {
    List<String[]> forms =
        List.of(
            new String[] {"--repo", r, "--password-file", pw, "--json", "snapshots"},
            new String[] {"snapshots", "--repo", r, "--password-file", pw, "--json"},
            new String[] {"--repo", r, "snapshots", "--password-file", pw, "--json"},
            new String[] {"--json", "snapshots", "-r", r, "--password-file", pw},
            new String[] {"-r", r, "--password-file=" + pw, "snapshots", "--json"});
    for (String[] args : forms) {
      Cli.Result result = Cli.run(args);
      assertThat(result.code()).as("%s\n%s", String.join(" ", args), result).isZero();
      assertThat(result.json()).as(String.join(" ", args)).hasSize(1);
    }
  }

  @Test
  void nestedCommandsTakeThemAtEveryLevel() {
    List<String[]> forms =
        List.of(
            new String[] {"--repo", r, "--password-file", pw, "key", "list", "--json"},
            new String[] {"key", "--repo", r, "--password-file", pw, "list", "--json"},
            new String[] {"key", "list", "--repo", r, "--password-file", pw, "--json"},
            new String[] {"--json", "key", "--repo", r, "list", "--password-file", pw});
    for (String[] args : forms) {
      Cli.Result result = Cli.run(args);
      assertThat(result.code()).as("%s\n%s", String.join(" ", args), result).isZero();
      assertThat(result.json()).as(String.join(" ", args)).hasSize(1);
    }
  }

  @Test
  void quietWorksOnBothSides() {
    assertThat(Cli.run("-q", "--repo", r, "--password-file", pw, "snapshots").out()).isEmpty();
    assertThat(Cli.run("snapshots", "--quiet", "--repo", r, "--password-file", pw).out()).isEmpty();
    assertThat(Cli.run("snapshots", "--repo", r, "--password-file", pw).out())
        .contains("1 snapshots");
  }
}
