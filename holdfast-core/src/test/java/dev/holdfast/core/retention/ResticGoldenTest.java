package dev.holdfast.core.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.core.snapshot.Snapshot;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every case restic decided (the golden files {@link ResticGoldenGenerator} wrote) through
 * the planner: the groups, and for every snapshot keep or remove with restic's reasons, must be the
 * same.
 */
class ResticGoldenTest {

  static Stream<Arguments> cases() throws IOException, URISyntaxException {
    Path dir = Path.of(ResticGoldenTest.class.getResource("/retention/restic").toURI());
    ObjectMapper json = new ObjectMapper();
    List<Arguments> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        Golden.History h = json.readValue(f.toFile(), Golden.History.class);
        List<Snapshot> snapshots = Golden.snapshots(h.snapshots());
        for (Golden.Case c : h.cases()) {
          all.add(Arguments.of(h.name(), c.name(), snapshots, c, h.restic()));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void plannerDecidesAsResticDid(
      String history, String name, List<Snapshot> snapshots, Golden.Case c, String restic) {
    Golden.assertAgrees(snapshots, c, "history " + history + " recorded with " + restic);
  }
}
