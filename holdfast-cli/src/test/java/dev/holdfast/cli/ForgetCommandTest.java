package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code holdfast forget}, {@code pin} and {@code unpin} as a user runs them. */
class ForgetCommandTest {
  @TempDir Path tmp;
  CliRepo repo;
  Path source;

  /** Ids of the history, oldest first: four days of one source, one backup of another. */
  List<String> ids = new ArrayList<>();

  String other;

  @BeforeEach
  void history() throws Exception {
    repo = CliRepo.create(tmp);
    source = SampleTrees.write(tmp.resolve("source"), 7);
    for (String t :
        List.of(
            "2026-11-01T02:00:00Z",
            "2026-11-02T02:00:00Z",
            "2026-11-02T14:00:00Z",
            "2026-11-03T02:00:00Z")) {
      ids.add(repo.backup("--time", t, source.toString()));
    }
    other = repo.backup("--time", "2026-10-01T02:00:00Z", "--source", "db", source.toString());
  }

  List<String> stored() {
    List<String> all = new ArrayList<>();
    repo.json("snapshots").forEach(s -> all.add(s.get("id").asText()));
    return all;
  }

  static String shortId(String id) {
    return id.substring(0, 8);
  }

  @Test
  void aDryRunListsEverySnapshotWithItsDecisionAndReasonsAndRemovesNothing() {
    Cli.Result r = repo.ok("forget", "--keep-daily", "2", "--dry-run");
    assertThat(r.out())
        .contains("applying policy: keep 2 daily snapshots")
        .contains("source db: would keep 1, would remove 0")
        .contains("would keep 2, would remove 2")
        .contains("dry run: would keep 3 and remove 2 snapshots; nothing was removed");
    assertThat(r.out().lines().filter(l -> l.startsWith(shortId(ids.get(3)))))
        .singleElement()
        .asString()
        .contains("keep", "daily snapshot");
    assertThat(r.out().lines().filter(l -> l.startsWith(shortId(ids.get(1)))))
        .singleElement()
        .asString()
        .contains("remove");
    assertThat(stored()).hasSize(5);
  }

  @Test
  void forgetRemovesWhatThePolicyDoesNotKeepAndAPinnedSnapshotSurvives() {
    Cli.Result pin = repo.ok("pin", shortId(ids.get(0)), "--note", "before the migration");
    assertThat(pin.out()).contains("pinned snapshot " + shortId(ids.get(0)));
    assertThat(repo.ok("pin", shortId(ids.get(0))).out())
        .contains("was already pinned", "before the migration");

    Cli.Result r = repo.ok("forget", "--keep-last", "1");
    assertThat(r.out()).contains("kept 3, removed 2 snapshots");
    assertThat(r.out().lines().filter(l -> l.startsWith(shortId(ids.get(0)))))
        .singleElement()
        .asString()
        .contains("keep", "pinned");
    assertThat(stored()).containsExactlyInAnyOrder(other, ids.get(0), ids.get(3));

    JsonNode listed = repo.json("snapshots");
    assertThat(listed.get(1).get("id").asText()).isEqualTo(ids.get(0));
    assertThat(listed.get(1).get("pinned").asBoolean()).isTrue();
    assertThat(listed.get(2).get("pinned").asBoolean()).isFalse();
    assertThat(repo.ok("snapshots").out().lines().filter(l -> l.startsWith(shortId(ids.get(0)))))
        .singleElement()
        .asString()
        .contains("yes");

    assertThat(repo.ok("unpin", shortId(ids.get(0))).out()).contains("unpinned");
    assertThat(repo.ok("unpin", shortId(ids.get(0))).out()).contains("was not pinned");
    repo.ok("forget", "--keep-last", "1");
    assertThat(stored()).containsExactlyInAnyOrder(other, ids.get(3));
  }

  @Test
  void namedSnapshotsAreRemovedUnlessPinned() {
    repo.ok("pin", shortId(ids.get(2)));
    Cli.Result r = repo.ok("forget", shortId(ids.get(1)), ids.get(2));
    assertThat(r.out()).contains("kept 1, removed 1 snapshots");
    assertThat(stored()).doesNotContain(ids.get(1)).contains(ids.get(2)).hasSize(4);
    assertThat(repo.ok("forget", "latest", "--source", "db").out()).contains("removed 1");
    assertThat(stored()).doesNotContain(other);
  }

  @Test
  void groupByNoneAppliesThePolicyToAllSnapshotsAtOnce() {
    JsonNode json = repo.json("forget", "--keep-last", "2", "--group-by", "", "--dry-run");
    assertThat(json.get("groups")).hasSize(1);
    assertThat(json.get("kept").asInt()).isEqualTo(2);
    assertThat(json.get("removed").asInt()).isEqualTo(3);
  }

  @Test
  void unlimitedKeepsTheNewestOfEveryDay() {
    JsonNode json = repo.json("forget", "--keep-daily", "unlimited", "--dry-run");
    assertThat(json.get("removed").asInt()).isEqualTo(1);
    assertThat(repo.json("forget", "--keep-daily", "-1", "--dry-run")).isEqualTo(json);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "forget",
        "forget --dry-run",
        "forget --keep-within 7",
        "forget --keep-within 1w",
        "forget --keep-within -1d",
        "forget --keep-within-daily 1d2x",
        "forget --keep-daily many",
        "forget --keep-daily -2",
        "forget --keep-tag a,,b",
        "forget --keep-last 1 --group-by pvc",
        "forget --keep-last 1 LATEST",
        "forget abc",
        "pin",
        "pin LATEST --note line1\\nline2",
        "unpin"
      })
  void badInputIsAUsageErrorThatSaysWhatIsWrongAndChangesNothing(String command) {
    List<String> args = new ArrayList<>();
    for (String a : command.split(" ")) {
      args.add(a.replace("LATEST", "latest").replace("\\n", "\n"));
    }
    Cli.Result r = repo.run(args.toArray(String[]::new));
    assertThat(r.code()).as("%s\n%s", command, r).isEqualTo(2);
    assertThat(r.err()).startsWith("holdfast: ").hasLineCount(1);
    assertThat(stored()).hasSize(5);
    assertThat(repo.json("snapshots").findValues("pinned")).allMatch(p -> !p.asBoolean());
  }

  @Test
  void theUsageErrorsNameTheProblem() {
    assertThat(repo.run("forget").err()).contains("no policy given");
    assertThat(repo.run("forget", "--keep-within", "1w").err())
        .contains("--keep-within", "'1w'", "unknown unit 'w'");
    assertThat(repo.run("forget", "--keep-daily", "many").err()).contains("--keep-daily", "'many'");
    assertThat(repo.run("forget", "--keep-last", "1", ids.get(0)).err()).contains("not both");
  }

  @Test
  void snapshotsThatDoNotExistAreFifteen() {
    assertThat(repo.run("forget", "ffffffff").code()).isEqualTo(15);
    assertThat(repo.run("pin", "ffffffff").code()).isEqualTo(15);
    assertThat(repo.run("unpin", "ffffffff").code()).isEqualTo(15);
    assertThat(stored()).hasSize(5);
  }
}
