package dev.holdfast.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.StorageUnavailable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The length accounting every backend's streamed range shares. */
class RangeStreamTest {
  private final List<Boolean> released = new ArrayList<>();

  /** A range over {@code body}, whose transfer failures come as {@link UncheckedIOException}. */
  private RangeStream over(InputStream body, long length) {
    return new RangeStream(length) {
      @Override
      protected int readBody(byte[] into, int offset, int count) throws IOException {
        return body.read(into, offset, count);
      }

      @Override
      protected StorageUnavailable cutShort(long received, long length, Exception cause) {
        return new StorageUnavailable(
            "cut after " + received + " of " + length + " bytes", false, cause);
      }

      @Override
      protected void release(boolean whole) {
        released.add(whole);
      }

      @Override
      protected boolean isTransferFailure(RuntimeException e) {
        return e instanceof UncheckedIOException;
      }
    };
  }

  @Test
  void yieldsExactlyItsLengthThenEndsAndKeepsTheConnection() throws IOException {
    byte[] body = {1, 2, 3, 4, 5, 6};
    try (RangeStream in = over(new ByteArrayInputStream(body), 4)) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3, 4);
      assertThat(in.read()).isEqualTo(-1);
    }
    assertThat(released).containsExactly(true);
  }

  @Test
  void aBodyThatEndsEarlyFailsEveryReadAndDropsTheConnection() throws IOException {
    RangeStream in = over(new ByteArrayInputStream(new byte[3]), 10);

    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(StorageUnavailable.class)
        .hasMessage("cut after 3 of 10 bytes");
    assertThatThrownBy(in::read).hasMessage("cut after 3 of 10 bytes");
    in.close();
    in.close();
    assertThat(released).containsExactly(false);
  }

  @Test
  void aTransferFailureOfTheClientIsACutAndOtherExceptionsPassUnchanged() throws IOException {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() {
            throw new UncheckedIOException(new IOException("reset"));
          }
        };
    InputStream refusing =
        new InputStream() {
          @Override
          public int read() {
            throw new IllegalStateException("the store is closed");
          }
        };

    try (RangeStream in = over(broken, 5)) {
      assertThatThrownBy(in::read)
          .isInstanceOf(StorageUnavailable.class)
          .hasCauseInstanceOf(UncheckedIOException.class);
    }
    try (RangeStream in = over(refusing, 5)) {
      assertThatThrownBy(in::read).isInstanceOf(IllegalStateException.class);
    }
    assertThat(released).containsExactly(false, false);
  }

  @Test
  void closedEarlyItDropsTheConnectionAndRefusesReads() throws IOException {
    RangeStream in = over(new ByteArrayInputStream(new byte[100]), 100);
    assertThat(in.readNBytes(10)).hasSize(10);

    in.close();

    assertThat(released).containsExactly(false);
    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
  }
}
