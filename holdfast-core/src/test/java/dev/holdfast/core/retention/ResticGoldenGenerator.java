package dev.holdfast.core.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the golden files: for each history of {@link ResticHistories}, makes a restic repository
 * with those backups (tiny folders, {@code restic backup --time}), runs {@code restic forget
 * --dry-run --json} for each case and records restic's decisions under {@code
 * src/test/resources/retention/restic}. It runs only when asked:
 *
 * <pre>
 * ./mvnw -B -o -pl holdfast-core test -Dtest=ResticGoldenGenerator -Dholdfast.restic.golden=write
 * </pre>
 *
 * restic 0.14 has no "unlimited" count: a policy with {@code -1} is given to restic as a count
 * larger than the history, which is what unlimited means in later versions.
 */
@EnabledIfSystemProperty(named = "holdfast.restic.golden", matches = "write")
class ResticGoldenGenerator {
  static final Path GOLDEN = Path.of("src/test/resources/retention/restic");

  @Test
  void recordResticDecisions() throws IOException {
    String version = Restic.version().orElseThrow(() -> new AssertionError("restic not on PATH"));
    Path root = Path.of(System.getProperty("java.io.tmpdir"), "holdfast-restic-golden");
    deleteTree(root);
    Files.createDirectories(GOLDEN);
    for (ResticHistories.Spec spec : ResticHistories.all()) {
      Golden.History history = record(spec, version, root.resolve(spec.name()));
      Files.writeString(GOLDEN.resolve(spec.name() + ".json"), lines(history));
      assertThat(history.snapshots()).hasSize(spec.backups().size());
    }
  }

  /** Makes the history's repository and records restic's decisions for each of its cases. */
  static Golden.History record(ResticHistories.Spec spec, String version, Path dir) {
    Restic restic = new Restic(dir.resolve("repo"), dir);
    restic.init();
    for (ResticHistories.Backup b : spec.backups()) {
      restic.backup(b.time(), b.timeZone(), b.host(), b.folder(), b.tags());
    }
    List<Golden.Shot> shots = new ArrayList<>();
    for (JsonNode s : restic.snapshots()) {
      shots.add(
          new Golden.Shot(
              s.get("id").asText(),
              s.get("time").asText(),
              s.get("hostname").asText(),
              strings(s.get("paths")),
              strings(s.get("tags"))));
    }
    List<Golden.Case> cases = new ArrayList<>();
    for (ResticHistories.CaseSpec c : spec.cases()) {
      Instant now = Instant.now();
      List<String> args = Golden.resticArgs(c.policy());
      JsonNode out = restic.forget(args, c.groupBy(), c.timeZone());
      cases.add(
          new Golden.Case(
              c.name(),
              c.policy(),
              args,
              c.groupBy(),
              c.timeZone(),
              now.toString(),
              Golden.groupsOf(out)));
    }
    return new Golden.History(version, spec.name(), spec.timeZone(), shots, cases);
  }

  /**
   * The history as JSON with one snapshot and one verdict per line: readable, and a regenerated
   * file differs from the old one line by line.
   */
  static String lines(Golden.History h) throws JsonProcessingException {
    ObjectMapper json = new ObjectMapper();
    StringBuilder b = new StringBuilder("{\"restic\":").append(json.writeValueAsString(h.restic()));
    b.append(",\"name\":").append(json.writeValueAsString(h.name()));
    b.append(",\"timeZone\":").append(json.writeValueAsString(h.timeZone()));
    b.append(",\n\"snapshots\":[");
    String sep = "\n";
    for (Golden.Shot s : h.snapshots()) {
      b.append(sep).append(json.writeValueAsString(s));
      sep = ",\n";
    }
    b.append("],\n\"cases\":[");
    String caseSep = "\n";
    for (Golden.Case c : h.cases()) {
      String head =
          json.writeValueAsString(
              new Golden.Case(
                  c.name(),
                  c.policy(),
                  c.resticArgs(),
                  c.groupBy(),
                  c.timeZone(),
                  c.now(),
                  List.of()));
      b.append(caseSep).append(head, 0, head.length() - "[]}".length()).append("[");
      String groupSep = "\n";
      for (Golden.Group g : c.groups()) {
        b.append(groupSep).append("{\"snapshots\":[");
        String verdictSep = "\n";
        for (Golden.Verdict v : g.snapshots()) {
          b.append(verdictSep).append(json.writeValueAsString(v));
          verdictSep = ",\n";
        }
        b.append("]}");
        groupSep = ",\n";
      }
      b.append("]}");
      caseSep = ",\n";
    }
    return b.append("]}\n").toString();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.delete(p);
      }
    }
  }
}
