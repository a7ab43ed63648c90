package dev.holdfast.core.restore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * One file being restored: positional writes from any thread, the channel opened on the first write
 * and closed after the last one, so only partly written files hold a descriptor. The file is
 * created new (never opened if something is already at its path) and without following a symlink at
 * its last component. Once every write has come or been abandoned, {@code whenDone} gets the {@link
 * Outcome}, on the thread that finished the file (the restore sets its metadata there).
 */
final class FileSink {
  /**
   * What became of a file once all its writes are accounted for.
   *
   * @param created this sink created the file: anything else at its path is not the restore's to
   *     give an owner, mode or time
   * @param complete every byte of the snapshot's file was written
   */
  record Outcome(boolean created, boolean complete) {}

  final String snapshotPath;
  final Path path;
  final long size;
  private final Consumer<Outcome> whenDone;
  private int pendingWrites;
  private long written;
  private boolean created;
  private boolean complete = true;
  private FileChannel channel;

  FileSink(String snapshotPath, Path path, long size, int writes, Consumer<Outcome> whenDone) {
    this.snapshotPath = snapshotPath;
    this.path = path;
    this.size = size;
    this.pendingWrites = writes;
    this.whenDone = whenDone;
  }

  /**
   * Writes the remaining bytes of {@code data} at {@code position}, or only accounts for them when
   * they are a hole; {@code data}'s own position is left as it was. When it throws, the caller must
   * {@link #abandon} the write.
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
    complete = false;
    if (--pendingWrites == 0) {
      finish();
    }
  }

  /**
   * Closes the file of a restore given up before all its writes came, as far as it was written; no
   * outcome is handed over. Nothing once the file is done.
   */
  synchronized void giveUp() throws IOException {
    pendingWrites = 0;
    if (channel != null) {
      FileChannel c = channel;
      channel = null;
      c.close();
    }
  }

  private FileChannel create() throws IOException {
    FileChannel c =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    created = true;
    return c;
  }

  /**
   * Sets the length (a trailing hole is not written), closes the channel whatever happens, then
   * hands the outcome to whenDone and rethrows the first failure.
   */
  private void finish() throws IOException {
    IOException failure = null;
    try {
      if (written < size) {
        if (channel == null) {
          channel = create();
        }
        channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
      }
    } catch (IOException e) {
      failure = e;
    } finally {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
        channel = null;
      }
    }
    whenDone.accept(new Outcome(created, complete && failure == null));
    if (failure != null) {
      throw failure;
    }
  }
}
