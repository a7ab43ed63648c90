package dev.holdfast.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetGeneratorTest {

  private static final long SIZE = 4L << 20;
  private static final int PAGE = DatasetGenerator.PAGE_SIZE;

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 42})
  void sameSeedWritesSameBytes(long seed) throws IOException {
    DatasetGenerator.generate(tmp.resolve("a"), SIZE, seed, 1);
    DatasetGenerator.generate(tmp.resolve("b"), SIZE, seed, 1);
    DatasetGenerator.generate(tmp.resolve("c"), SIZE, seed + 1, 1);

    assertThat(digest(tmp.resolve("a"))).as("seed %d", seed).isEqualTo(digest(tmp.resolve("b")));
    assertThat(digest(tmp.resolve("a"))).as("seed %d", seed).isNotEqualTo(digest(tmp.resolve("c")));
  }

  @Test
  void writesTheRequestedSizeAsAMixOfDatabaseMediaTextAndSmallFiles() throws IOException {
    Path out = tmp.resolve("d");
    DatasetGenerator.Result result = DatasetGenerator.generate(out, SIZE, 1, 1);
    Map<String, byte[]> files = read(out);

    long total = files.values().stream().mapToLong(b -> b.length).sum();
    assertThat(total).isEqualTo(result.bytes()).isBetween(SIZE * 97 / 100, SIZE * 103 / 100);
    assertThat(result.files()).isEqualTo(files.size());

    byte[] db = files.get(DatasetGenerator.DB_PATH);
    assertThat(db.length % PAGE).isZero();
    assertThat((double) db.length / SIZE).isBetween(0.28, 0.32);

    Map<String, byte[]> small = under(files, "small/");
    assertThat(small.size()).isGreaterThan(30);
    assertThat(small.values())
        .allSatisfy(
            b ->
                assertThat(b.length)
                    .isBetween(DatasetGenerator.MIN_SMALL_FILE, DatasetGenerator.MAX_SMALL_FILE));
    assertThat(share(small, SIZE)).isBetween(0.08, 0.12);
    assertThat(share(under(files, "media/"), SIZE)).isBetween(0.28, 0.32);
    assertThat(share(under(files, "text/"), SIZE)).isBetween(0.28, 0.32);
  }

  @Test
  void textCompressesLikeRealTextAndMediaDoesNotCompress() throws IOException {
    Path out = tmp.resolve("d");
    DatasetGenerator.generate(out, SIZE, 7, 1);
    Map<String, byte[]> files = read(out);

    for (Map.Entry<String, byte[]> e : under(files, "text/").entrySet()) {
      assertThat(deflateRatio(e.getValue())).as(e.getKey()).isBetween(2.0, 8.0);
    }
    assertThat(deflateRatio(files.get(DatasetGenerator.DB_PATH))).isBetween(1.5, 8.0);
    for (Map.Entry<String, byte[]> e : under(files, "media/").entrySet()) {
      assertThat(deflateRatio(e.getValue())).as(e.getKey()).isLessThan(1.01);
    }
  }

  @Test
  void generationTwoChangesScatteredPagesAFewLogsAndAFewSmallFiles() throws IOException {
    Path out = tmp.resolve("d");
    DatasetGenerator.generate(out, SIZE, 3, 1);
    Map<String, byte[]> before = read(out);
    DatasetGenerator.Result result = DatasetGenerator.generate(out, SIZE, 3, 2);
    Map<String, byte[]> after = read(out);

    byte[] db1 = before.get(DatasetGenerator.DB_PATH);
    byte[] db2 = after.get(DatasetGenerator.DB_PATH);
    assertThat(db2).hasSameSizeAs(db1);
    int pages = db1.length / PAGE;
    int changed = 0;
    for (int p = 0; p < pages; p++) {
      if (!java.util.Arrays.equals(db1, p * PAGE, (p + 1) * PAGE, db2, p * PAGE, (p + 1) * PAGE)) {
        changed++;
      }
    }
    assertThat(changed).isBetween(1, (int) Math.ceil(pages * 0.03));

    Set<String> grown = new HashSet<>();
    Set<String> otherwiseChanged = new HashSet<>();
    for (String path : before.keySet()) {
      byte[] old = before.get(path);
      byte[] now = after.get(path);
      if (now == null || path.equals(DatasetGenerator.DB_PATH) || path.equals(MARKER)) {
        continue;
      }
      if (now.length > old.length
          && java.util.Arrays.equals(old, 0, old.length, now, 0, old.length)) {
        grown.add(path);
      } else if (!java.util.Arrays.equals(old, now)) {
        otherwiseChanged.add(path);
      }
    }
    assertThat(grown).isNotEmpty().hasSizeLessThanOrEqualTo(DatasetGenerator.LOGS_APPENDED);
    assertThat(grown).allSatisfy(p -> assertThat(p).startsWith("text/logs/").endsWith(".log"));
    assertThat(otherwiseChanged).isEmpty();

    Set<String> deleted = new HashSet<>(before.keySet());
    deleted.removeAll(after.keySet());
    Set<String> added = new HashSet<>(after.keySet());
    added.removeAll(before.keySet());
    assertThat(deleted).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("small/"));
    assertThat(added).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("small/"));
    assertThat(deleted.size() + added.size()).isLessThan(before.size() / 10);

    long bytesChanged = (long) changed * PAGE;
    assertThat(result.bytesWritten()).isGreaterThanOrEqualTo(bytesChanged).isLessThan(SIZE / 10);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 5, 9})
  void changingInPlaceGivesTheSameBytesAsAFreshWrite(long seed) throws IOException {
    Path inPlace = tmp.resolve("in-place");
    DatasetGenerator.generate(inPlace, SIZE, seed, 1);
    DatasetGenerator.generate(inPlace, SIZE, seed, 3);
    DatasetGenerator.generate(tmp.resolve("fresh3"), SIZE, seed, 3);
    assertThat(digest(inPlace)).as("seed %d", seed).isEqualTo(digest(tmp.resolve("fresh3")));

    DatasetGenerator.generate(inPlace, SIZE, seed, 2);
    DatasetGenerator.generate(tmp.resolve("fresh2"), SIZE, seed, 2);
    assertThat(digest(inPlace)).as("seed %d", seed).isEqualTo(digest(tmp.resolve("fresh2")));

    DatasetGenerator.generate(inPlace, SIZE, seed, 1);
    DatasetGenerator.generate(tmp.resolve("fresh1"), SIZE, seed, 1);
    assertThat(digest(inPlace)).as("seed %d", seed).isEqualTo(digest(tmp.resolve("fresh1")));
  }

  @Test
  void finishesAnInterruptedRunBeforeMovingOn() throws IOException {
    Path out = tmp.resolve("d");
    DatasetGenerator.generate(out, SIZE, 1, 1);
    // As left by a run towards generation 2 that died before touching anything.
    new DatasetGenerator.Marker(1, SIZE, 1, 2).write(out);

    DatasetGenerator.generate(out, SIZE, 1, 3);

    DatasetGenerator.generate(tmp.resolve("fresh"), SIZE, 1, 3);
    assertThat(digest(out)).isEqualTo(digest(tmp.resolve("fresh")));
  }

  @Test
  void refusesAFolderThatIsNotADataset() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("home"));
    Files.writeString(out.resolve("thesis.txt"), "precious");

    assertThatThrownBy(() -> DatasetGenerator.generate(out, SIZE, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing")
        .hasMessageContaining(out.toString());
    assertThat(Files.readString(out.resolve("thesis.txt"))).isEqualTo("precious");
  }

  @Test
  void refusesADatasetWrittenWithAnotherSize() throws IOException {
    Path out = tmp.resolve("d");
    DatasetGenerator.generate(out, SIZE, 1, 1);

    assertThatThrownBy(() -> DatasetGenerator.generate(out, 2 * SIZE, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use an empty folder");
  }

  @Test
  void parsesBinarySizes() {
    assertThat(DatasetGenerator.parseSize("4096")).isEqualTo(4096);
    assertThat(DatasetGenerator.parseSize("512k")).isEqualTo(512L << 10);
    assertThat(DatasetGenerator.parseSize("64m")).isEqualTo(64L << 20);
    assertThat(DatasetGenerator.parseSize("64MiB")).isEqualTo(64L << 20);
    assertThat(DatasetGenerator.parseSize("1g")).isEqualTo(1L << 30);
    assertThat(DatasetGenerator.parseSize("1.5G")).isEqualTo(3L << 29);
    assertThatThrownBy(() -> DatasetGenerator.parseSize("lots"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lots");
    assertThatThrownBy(() -> DatasetGenerator.parseSize("2t"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static final String MARKER = DatasetGenerator.MARKER;

  private static Map<String, byte[]> read(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile)
          .forEach(
              f -> {
                try {
                  files.put(
                      root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    return files;
  }

  private static String digest(Path root) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> e : read(root).entrySet()) {
        sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Long.toString(e.getValue().length).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(e.getValue());
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, byte[]> under(Map<String, byte[]> files, String prefix) {
    Map<String, byte[]> out = new TreeMap<>();
    files.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k, v);
          }
        });
    return out;
  }

  private static double share(Map<String, byte[]> files, long size) {
    return files.values().stream().mapToLong(b -> b.length).sum() / (double) size;
  }

  private static double deflateRatio(byte[] data) {
    Deflater deflater = new Deflater(6);
    deflater.setInput(data);
    deflater.finish();
    byte[] buf = new byte[64 * 1024];
    long compressed = 0;
    while (!deflater.finished()) {
      compressed += deflater.deflate(buf);
    }
    deflater.end();
    return data.length / (double) compressed;
  }
}
