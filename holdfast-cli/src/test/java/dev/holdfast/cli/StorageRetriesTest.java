package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.RetryListener;
import dev.holdfast.core.storage.RetryPolicy;
import dev.holdfast.core.storage.RetryingBlobStore;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.FaultyStore;
import dev.holdfast.core.testing.FaultyStore.Request;
import dev.holdfast.core.testing.VirtualTime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every store the CLI opens retries transient failures, and {@code --debug} shows each retry. */
class StorageRetriesTest {
  private static final BlobName PACK = new BlobName(BlobKind.PACK, "3f".repeat(32));

  @TempDir Path tmp;

  @Test
  void everyStoreTheCliOpensOrCreatesRetries() throws Exception {
    CliRepo repo = CliRepo.create(tmp);
    GlobalOptions global = parse("--repo", repo.dir.toString(), "snapshots");
    try (BlobStore opened = Repositories.openStore(global)) {
      assertThat(opened).isInstanceOf(RetryingBlobStore.class);
      assertThat(opened.location()).isEqualTo(repo.dir.toString());
    }
    GlobalOptions fresh = parse("--repo", tmp.resolve("new").toString(), "init");
    try (Repositories.InitTarget target = Repositories.initTarget(fresh, false);
        BlobStore created = Repositories.createStore(fresh, target)) {
      assertThat(created).isInstanceOf(RetryingBlobStore.class);
    }
  }

  @Test
  void debugGoesToTheCommandsStderrFromEitherSideOfTheCommandName() {
    StringWriter err = new StringWriter();
    assertThat(parse(err, "--debug", "snapshots").debug()).isTrue();
    assertThat(parse(err, "snapshots", "--debug").debug()).isTrue();
    assertThat(parse(err, "snapshots").debug()).isFalse();
    parse(err, "--debug", "snapshots").err().print("to the command's stderr");
    assertThat(err.toString()).isEqualTo("to the command's stderr");
  }

  @Test
  void withDebugEachRetryIsOneLineSayingWhatAttemptDelayAndCause() {
    InMemoryBlobStore memory = new InMemoryBlobStore();
    memory.putIfAbsent(PACK, new byte[] {1, 2, 3});
    FaultyStore faulty = new FaultyStore(memory, 1).fail(Request.GET, 1.0);
    StringWriter err = new StringWriter();
    RetryReport report = new RetryReport(new PrintWriter(err));
    VirtualTime time = new VirtualTime();
    RetryListener healAfterTwo =
        retry -> {
          report.retrying(retry);
          if (retry.attempt() == 2) {
            faulty.heal();
          }
        };
    RetryingBlobStore store =
        new RetryingBlobStore(
            faulty, RetryPolicy.CLOUD, healAfterTwo, time.clock(), time, new Random(1));

    assertThat(store.get(PACK)).containsExactly(1, 2, 3);

    List<String> lines = err.toString().lines().toList();
    assertThat(lines).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(lines.get(i))
          .matches(
              "retry: reading data/3f/(3f)+ in memory: attempt "
                  + (i + 1)
                  + " of 10 failed, next in \\d+\\.\\d s: reading data/3f/(3f)+ in memory: injected"
                  + " transient failure \\(HTTP 503\\)");
    }
  }

  @Test
  void aCauseThatSpansLinesIsPrintedOnOne() {
    StringWriter err = new StringWriter();
    new RetryReport(new PrintWriter(err))
        .retrying(
            new RetryListener.Retry(
                "listing index in s3://bucket",
                1,
                10,
                Duration.ofMillis(300),
                new StorageUnavailable("HTTP 503\n  Slow Down", false, null)));

    assertThat(err.toString())
        .isEqualTo(
            "retry: listing index in s3://bucket: attempt 1 of 10 failed, next in 0.3 s:"
                + " HTTP 503 Slow Down\n");
  }

  private static GlobalOptions parse(String... args) {
    return parse(new StringWriter(), args);
  }

  private static GlobalOptions parse(StringWriter err, String... args) {
    CommandLine cli = new CommandLine(Main.class);
    cli.setErr(new PrintWriter(err, true));
    cli.parseArgs(args);
    return cli.<Main>getCommand().global();
  }
}
