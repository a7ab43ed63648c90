package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local report cache behind {@code posture} through the command line: the output is the output
 * without a cache, whatever the cache holds, and reports or waivers added since the cache was
 * filled count at once; {@code --no-cache} neither reads nor writes it.
 */
class ReportCacheCommandTest {
  @TempDir Path tmp;

  private Path cache;
  private CliRepo repo;

  @BeforeEach
  void threeVersionsTwoReported() throws Exception {
    cache = tmp.resolve("cache");
    Path data = Files.createDirectories(tmp.resolve("volume"));
    repo = CliRepo.create(tmp);
    for (String v : new String[] {"v1", "v2", "v3"}) {
      Files.writeString(data.resolve("state.txt"), v, StandardCharsets.UTF_8);
      repo.backup("--no-cache", "--source", "shop-db", "--app", "shop=" + v, data.toString());
    }
    ingest(SarifFiles.clean(tmp, "v1.sarif"), "v1");
    ingest(SarifFiles.oneFinding(tmp, "v2.sarif", "SQL_INJECTION", 8.8, "src/A.java", 4), "v2");
  }

  @Test
  void postureThroughAColdOrWarmCacheIsPostureWithout() throws Exception {
    JsonNode without = posture("--no-cache");

    assertThat(posture("--cache-dir", cache.toString())).isEqualTo(without);
    assertThat(posture("--cache-dir", cache.toString())).isEqualTo(without);
    assertThat(verdicts(without)).containsExactly("clean", "vulnerable", "unknown");
    Path file = reportCache();
    assertThat(file).exists();
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void aLateReportAndANewWaiverCountDespiteAWarmCache() throws Exception {
    posture("--cache-dir", cache.toString());

    ingest(SarifFiles.oneFinding(tmp, "v3.sarif", "XSS", 7.5, "src/B.java", 9), "v3");
    JsonNode late = posture("--cache-dir", cache.toString());
    assertThat(verdicts(late)).containsExactly("clean", "vulnerable", "vulnerable");
    assertThat(late).isEqualTo(posture("--no-cache"));

    String id =
        repo.json("sast", "findings", "--app", "shop", "--version", "v2", "--no-cache")
            .get(0)
            .get("id")
            .asText();
    repo.ok("sast", "waive", id, "--reason", "not reachable", "--until", "2099-12-31");
    JsonNode waived = posture("--cache-dir", cache.toString());
    assertThat(verdicts(waived)).containsExactly("clean", "clean", "vulnerable");
    assertThat(waived).isEqualTo(posture("--no-cache"));
  }

  @Test
  void aTamperedReportCacheIsIgnoredWithAWarningAndRebuilt() throws Exception {
    JsonNode expected = posture("--cache-dir", cache.toString());
    Path file = reportCache();
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);

    Cli.Result tampered = repo.ok("posture", "--json", "--cache-dir", cache.toString());
    assertThat(tampered.json()).isEqualTo(expected);
    assertThat(tampered.err())
        .startsWith("warning: ignored the report cache " + file)
        .contains("failed authentication");

    Cli.Result next = repo.ok("posture", "--json", "--cache-dir", cache.toString());
    assertThat(next.json()).isEqualTo(expected);
    assertThat(next.err()).isEmpty();
  }

  @Test
  void noCacheNeitherReadsNorWritesTheReportCache() throws Exception {
    JsonNode expected = posture("--cache-dir", cache.toString());
    Path file = reportCache();
    byte[] garbage = "not a cache".getBytes(StandardCharsets.UTF_8);
    Files.write(file, garbage);

    Cli.Result r = repo.ok("posture", "--json", "--no-cache");
    assertThat(r.json()).isEqualTo(expected);
    assertThat(r.err()).isEmpty();
    assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
  }

  private void ingest(Path report, String version) {
    repo.ok(
        "sast", "ingest", report.toString(), "--app", "shop", "--version", version, "--no-cache");
  }

  private JsonNode posture(String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "posture";
    System.arraycopy(options, 0, args, 1, options.length);
    return repo.json(args);
  }

  private static List<String> verdicts(JsonNode posture) {
    List<String> verdicts = new ArrayList<>();
    posture.get("snapshots").forEach(s -> verdicts.add(s.get("verdict").asText()));
    return verdicts;
  }

  /** The report cache file, the only repository folder's "reports". */
  private Path reportCache() throws Exception {
    try (Stream<Path> children = Files.list(cache)) {
      return children.filter(Files::isDirectory).findFirst().orElseThrow().resolve("reports");
    }
  }
}
