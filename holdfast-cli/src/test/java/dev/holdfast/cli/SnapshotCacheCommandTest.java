package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local snapshot cache through the command line: what a listing shows is what the repository
 * holds, whatever the cache says; {@code --no-cache} neither reads nor writes it.
 */
class SnapshotCacheCommandTest {
  @TempDir Path tmp;

  private Path cache;
  private CliRepo repo;
  private List<String> ids;

  @BeforeEach
  void threeSnapshots() throws Exception {
    cache = tmp.resolve("cache");
    Path source = Files.createDirectories(tmp.resolve("source"));
    repo = CliRepo.create(tmp);
    ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Files.writeString(source.resolve("file.txt"), "version " + i);
      ids.add(repo.backup("--no-cache", source.toString()));
    }
  }

  @Test
  void listingsGoThroughAPrivateCacheInCacheDir() throws Exception {
    Path file = warmCache();
    assertThat(file.getFileName().toString()).isEqualTo("snapshots");
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)))
        .isEqualTo("rwx------");
  }

  @Test
  void snapshotsForgottenOrAddedByAnotherProcessAreShownAsTheRepositoryHoldsThem()
      throws Exception {
    warmCache();

    repo.ok("forget", "--no-cache", ids.get(1));
    assertThat(listed("--cache-dir", cache.toString())).containsExactly(ids.get(0), ids.get(2));

    String added = repo.backup("--no-cache", tmp.resolve("source").toString());
    assertThat(listed("--cache-dir", cache.toString()))
        .containsExactly(ids.get(0), ids.get(2), added);
    assertThat(repo.json("posture", "--cache-dir", cache.toString()).get("snapshots"))
        .extracting(s -> s.get("id").asText())
        .containsExactly(ids.get(0), ids.get(2), added);
  }

  @Test
  void aTamperedCacheIsIgnoredWithAWarningAndRebuilt() throws Exception {
    Path file = warmCache();
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);

    Cli.Result tampered = repo.ok("snapshots", "--json", "--cache-dir", cache.toString());
    assertThat(tampered.json())
        .extracting(s -> s.get("id").asText())
        .containsExactlyElementsOf(ids);
    assertThat(tampered.err())
        .startsWith("warning: ignored the snapshot cache " + file)
        .contains("failed authentication");

    Cli.Result next = repo.ok("snapshots", "--json", "--cache-dir", cache.toString());
    assertThat(next.err()).isEmpty();
    assertThat(Files.readAllBytes(file)).isNotEqualTo(bytes);
  }

  @Test
  void noCacheNeitherReadsNorWritesTheCache() throws Exception {
    Path file = warmCache();
    byte[] garbage = "not a cache".getBytes(StandardCharsets.UTF_8);
    Files.write(file, garbage);

    Cli.Result r = repo.ok("snapshots", "--json", "--no-cache");
    assertThat(r.json()).extracting(s -> s.get("id").asText()).containsExactlyElementsOf(ids);
    assertThat(r.err()).isEmpty();
    assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
  }

  @Test
  void theCacheOfAnotherRepositoryDoesNotOpen() throws Exception {
    Path file = warmCache();
    Path other = Files.createDirectories(tmp.resolve("other"));
    CliRepo second = CliRepo.create(other);
    second.backup("--no-cache", tmp.resolve("source").toString());
    second.ok("snapshots", "--cache-dir", cache.toString());
    List<Path> folders;
    try (Stream<Path> children = Files.list(cache)) {
      folders = children.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(folders).hasSize(2);
    Path secondFile =
        folders.stream()
            .filter(f -> !f.equals(file.getParent()))
            .findFirst()
            .orElseThrow()
            .resolve("snapshots");

    Files.copy(file, secondFile, StandardCopyOption.REPLACE_EXISTING);

    Cli.Result r = second.ok("snapshots", "--json", "--cache-dir", cache.toString());
    assertThat(r.json()).hasSize(1);
    assertThat(r.json().get(0).get("id").asText()).isNotIn(ids);
    assertThat(r.err()).contains("failed authentication");
  }

  @Test
  void noCacheAndCacheDirTogetherAreAUsageError() {
    Cli.Result r = repo.run("snapshots", "--no-cache", "--cache-dir", cache.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--no-cache and --cache-dir contradict each other");
  }

  private List<String> listed(String... options) {
    List<String> args = new ArrayList<>(List.of("snapshots"));
    args.addAll(List.of(options));
    JsonNode json = repo.json(args.toArray(String[]::new));
    List<String> listed = new ArrayList<>();
    json.forEach(s -> listed.add(s.get("id").asText()));
    return listed;
  }

  /** Lists once through the cache in {@code cache}, and returns the file it wrote. */
  private Path warmCache() throws Exception {
    assertThat(listed("--cache-dir", cache.toString())).containsExactlyElementsOf(ids);
    try (Stream<Path> children = Files.list(cache)) {
      Path folder = children.filter(Files::isDirectory).collect(onlyElement());
      return folder.resolve("snapshots");
    }
  }

  private static <T> Collector<T, ?, T> onlyElement() {
    return Collectors.collectingAndThen(
        Collectors.toList(),
        list -> {
          assertThat(list).hasSize(1);
          return list.get(0);
        });
  }
}
