package dev.holdfast.core.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.StorageUnavailable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IoFailuresTest {
  private static final String BLOB = "data/3f/3fa2";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "No space left on device",
        "Disk quota exceeded",
        "Read-only file system",
        "Permission denied",
        "There is not enough space on the disk.",
        "Is a directory",
        "Not a directory"
      })
  void conditionsARetryCannotFixArePermanent(String reason) {
    for (IOException e :
        new IOException[] {
          new IOException(reason), new FileSystemException("/repo/tmp/put-1.tmp", null, reason)
        }) {
      StorageUnavailable failure = IoFailures.failed("storing", BLOB, "/repo", e);

      assertThat(failure.permanent()).as("%s", e).isTrue();
      assertThat(failure).hasMessage("storing " + BLOB + " in /repo: " + reason).hasCause(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Input/output error", "Connection timed out", "Stale file handle"})
  void otherFailuresMayBeRetried(String reason) {
    StorageUnavailable failure =
        IoFailures.failed("reading", BLOB, "/repo", new FileSystemException("/x", null, reason));

    assertThat(failure.permanent()).isFalse();
    assertThat(failure).hasMessage("reading " + BLOB + " in /repo: " + reason);
  }

  @Test
  void accessDeniedIsPermanentAndSaysSo() {
    StorageUnavailable failure =
        IoFailures.failed(
            "reading", BLOB, "/repo", new AccessDeniedException("/repo/data/3f/3fa2"));

    assertThat(failure.permanent()).isTrue();
    assertThat(failure).hasMessage("reading " + BLOB + " in /repo: access denied");
  }
}
