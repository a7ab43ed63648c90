package dev.holdfast.core.restore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file being restored: positional writes from any thread, the channel opened on the first write
 * and closed after the last one, so only partly written files hold a descriptor. The file is opened
 * without following a symlink at its last component. Once every write has come or been abandoned,
 * {@code whenDone} runs on the thread that finished the file (the restore sets its metadata there).
 */
final class FileSink {
  final String snapshotPath;
  final Path path;
  final long size;
  private final Runnable whenDone;
  private int pendingWrites;
  private long written;
  private FileChannel channel;

  FileSink(String snapshotPath, Path path, long size, int writes, Runnable whenDone) {
    this.snapshotPath = snapshotPath;
    this.path = path;
    this.size = size;
    this.pendingWrites = writes;
    this.whenDone = whenDone;
  }

  /**
   * Writes the remaining bytes of {@code data} at {@code position}, or only accounts for them when
   * they are a hole; {@code data}'s own position is left as it was.
   */
  synchronized void write(ByteBuffer data, long position, boolean hole) throws IOException {
    if (!hole) {
      if (channel == null) {
        channel = create();
      }
      ByteBuffer b = data.duplicate();
      long p = position;
      while (b.hasRemaining()) {
        p += channel.write(b, p);
      }
      written = Math.max(written, position + data.remaining());
    }
    if (--pendingWrites == 0) {
      finish();
    }
  }

  /** A write that will never come (its chunk was unreadable): close when the rest are done. */
  synchronized void abandon() throws IOException {
    if (--pendingWrites == 0) {
      finish();
    }
  }

  private FileChannel create() throws IOException {
    return FileChannel.open(
        path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  }

  /** Sets the length (a trailing hole is not written), closes the channel and runs whenDone. */
  private void finish() throws IOException {
    try {
      if (written < size) {
        if (channel == null) {
          channel = create();
        }
        channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
      }
      if (channel != null) {
        channel.close();
        channel = null;
      }
    } finally {
      whenDone.run();
    }
  }
}
