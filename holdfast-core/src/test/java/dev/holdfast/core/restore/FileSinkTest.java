package dev.holdfast.core.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSinkTest {
  @TempDir Path tmp;

  private final List<FileSink.Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());

  private FileSink sink(Path path, long size, int writes) {
    return new FileSink("snap/" + path.getFileName(), path, size, writes, outcomes::add);
  }

  private static ByteBuffer direct(byte[] bytes) {
    ByteBuffer b = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    return b.asReadOnlyBuffer();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void writesFromSeveralThreadsInAnyOrderMakeTheFileAndReportOnce(long seed) throws Exception {
    Random random = new Random(seed);
    int pieces = 2 + random.nextInt(20);
    byte[] whole = new byte[pieces * 1000];
    random.nextBytes(whole);
    Path path = tmp.resolve("f-" + seed);
    FileSink sink = sink(path, whole.length, pieces);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < pieces; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);

    List<Thread> threads = new ArrayList<>();
    for (int i : order) {
      byte[] piece = java.util.Arrays.copyOfRange(whole, i * 1000, (i + 1) * 1000);
      Thread t =
          new Thread(
              () -> {
                try {
                  sink.write(direct(piece), i * 1000L, false);
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(Files.readAllBytes(path)).as("seed %d", seed).isEqualTo(whole);
    assertThat(outcomes).containsExactly(new FileSink.Outcome(true, true));
  }

  @Test
  void theSameBufferCanBeWrittenTwiceAndKeepsItsPosition() throws Exception {
    Path path = tmp.resolve("twice");
    ByteBuffer data = direct("abc".getBytes(StandardCharsets.US_ASCII));
    FileSink sink = sink(path, 6, 2);

    sink.write(data, 0, false);
    assertThat(data.position()).isZero();
    sink.write(data, 3, false);

    assertThat(Files.readString(path)).isEqualTo("abcabc");
    assertThat(outcomes).containsExactly(new FileSink.Outcome(true, true));
  }

  @Test
  void holesAreNotWrittenButTheFileGetsItsFullLength() throws Exception {
    Path path = tmp.resolve("sparse");
    FileSink sink = sink(path, 3000, 3);

    sink.write(direct(new byte[1000]), 0, true);
    sink.write(direct("x".repeat(1000).getBytes(StandardCharsets.US_ASCII)), 1000, false);
    sink.write(direct(new byte[1000]), 2000, true);

    byte[] content = Files.readAllBytes(path);
    assertThat(content).hasSize(3000);
    assertThat(new String(content, 1000, 1000, StandardCharsets.US_ASCII))
        .isEqualTo("x".repeat(1000));
    assertThat(content[0]).isZero();
    assertThat(content[2999]).isZero();
    assertThat(outcomes).containsExactly(new FileSink.Outcome(true, true));
  }

  @Test
  void anAbandonedWriteLeavesTheFileFullLengthButIncomplete() throws Exception {
    Path path = tmp.resolve("damaged");
    FileSink sink = sink(path, 2000, 2);

    sink.write(direct("y".repeat(1000).getBytes(StandardCharsets.US_ASCII)), 0, false);
    sink.abandon();

    assertThat(Files.size(path)).isEqualTo(2000);
    assertThat(outcomes).containsExactly(new FileSink.Outcome(true, false));
  }

  @Test
  void aFileWhoseWritesAreAllAbandonedIsStillCreated() throws Exception {
    Path path = tmp.resolve("lost");
    FileSink sink = sink(path, 500, 2);

    sink.abandon();
    sink.abandon();

    assertThat(Files.size(path)).isEqualTo(500);
    assertThat(outcomes).containsExactly(new FileSink.Outcome(true, false));
  }

  @Test
  void somethingThatTookThePathIsNeitherWrittenNorReportedAsCreated() throws Exception {
    Path path = tmp.resolve("taken");
    Files.writeString(path, "someone else's");
    FileSink sink = sink(path, 1000, 1);

    assertThatThrownBy(() -> sink.write(direct(new byte[1000]), 0, false))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(outcomes).isEmpty();
    assertThatThrownBy(sink::abandon).isInstanceOf(FileAlreadyExistsException.class);

    assertThat(Files.readString(path)).isEqualTo("someone else's");
    assertThat(outcomes).containsExactly(new FileSink.Outcome(false, false));
  }
}
