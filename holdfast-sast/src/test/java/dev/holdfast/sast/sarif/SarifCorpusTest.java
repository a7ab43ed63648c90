package dev.holdfast.sast.sarif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.sast.finding.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real reports written by real scanners (src/test/resources/sarif-corpus/README.md). */
class SarifCorpusTest {

  static Stream<Path> corpus() throws IOException, URISyntaxException {
    Path dir = Path.of(SarifCorpusTest.class.getResource("/sarif-corpus").toURI());
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.toString().endsWith(".sarif")).sorted().toList();
    }
    assertThat(files).hasSize(7);
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void everyResultOfEveryRunBecomesOneFinding(Path file) throws IOException {
    JsonNode tree = new ObjectMapper().readTree(file.toFile());
    List<Finding> findings = new ArrayList<>();

    SarifSummary summary = SarifReader.withDefaults().read(file, findings::add);

    assertThat(summary.runs()).hasSize(tree.path("runs").size());
    for (int run = 0; run < tree.path("runs").size(); run++) {
      JsonNode expected = tree.path("runs").path(run);
      int results = expected.path("results").size();
      int index = run;
      assertThat(findings.stream().filter(f -> f.runIndex() == index))
          .as("findings of run %d", run)
          .hasSize(results);
      assertThat(summary.runs().get(run).results()).isEqualTo(results);
      assertThat(summary.runs().get(run).tool().name())
          .isEqualTo(expected.path("tool").path("driver").path("name").asText());
      assertThat(findings.stream().filter(f -> f.runIndex() == index).map(Finding::ruleId))
          .containsExactlyElementsOf(ruleIds(expected.path("results")));
    }
    assertThat(findings).isNotEmpty();
    assertThat(findings).allSatisfy(f -> assertThat(f.location().line()).isPositive());
  }

  private static List<String> ruleIds(JsonNode results) {
    List<String> ids = new ArrayList<>();
    results.forEach(result -> ids.add(result.path("ruleId").asText()));
    return ids;
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void streamAndFileReadsGiveTheSameFindings(Path file) throws IOException {
    List<Finding> fromFile = new ArrayList<>();
    List<Finding> fromStream = new ArrayList<>();

    SarifReader.withDefaults().read(file, fromFile::add);
    try (InputStream in = Files.newInputStream(file)) {
      SarifReader.withDefaults().read(in, file.getFileName().toString(), fromStream::add);
    }

    assertThat(fromStream).isEqualTo(fromFile);
  }
}
