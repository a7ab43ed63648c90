package dev.holdfast.cli;

import static dev.holdfast.cli.JsonShape.assertShape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code holdfast demo}: the whole story on sample data, ending in a verified restore. */
class DemoCommandTest {
  @TempDir Path tmp;

  @Test
  void demoRunsItsEightStepsAndEndsIdentical() {
    Path dir = tmp.resolve("demo");
    Cli.Result r = Cli.run("demo", "--dir", dir.toString());
    assertThat(r.code()).as("%s", r).isZero();
    String[] lines = r.out().split("\n");
    int step = 0;
    for (String line : lines) {
      if (line.matches("\\d\\. .*")) {
        step++;
        assertThat(line).startsWith(step + ". ");
      }
    }
    assertThat(step).as("numbered steps in\n%s", r.out()).isEqualTo(8);
    assertThat(r.out())
        .contains("7. compared the restored folder with the sample: identical")
        .contains("no errors")
        .contains("export HOLDFAST_REPO=" + dir.resolve("repo"));
    assertThat(dir.resolve("repo/config")).exists();
  }

  @Test
  void demoAsJsonSummarisesTheRun() {
    Path dir = tmp.resolve("demo-json");
    Cli.Result r = Cli.run("demo", "--dir", dir.toString(), "--json");
    assertThat(r.code()).as("%s", r).isZero();
    JsonNode json = r.json();
    assertShape(
        json,
        "demo",
        "directory:string",
        "repository:string",
        "snapshots:array",
        "restored:string",
        "restore:object",
        "identical:boolean",
        "differences:array",
        "check:object");
    assertThat(json.get("snapshots")).hasSize(2);
    assertShape(json.get("snapshots").get(1), "demo.snapshots[1]", JsonOutputTest.SNAPSHOT);
    assertShape(json.get("restore"), "demo.restore", JsonOutputTest.RESTORE);
    assertShape(json.get("check"), "demo.check", JsonOutputTest.CHECK);
    assertThat(json.get("identical").asBoolean()).isTrue();
  }

  @Test
  void demoRefusesANonEmptyFolder() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("busy"));
    Files.writeString(dir.resolve("keep.txt"), "mine");
    Cli.Result r = Cli.run("demo", "--dir", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not empty");
  }
}
