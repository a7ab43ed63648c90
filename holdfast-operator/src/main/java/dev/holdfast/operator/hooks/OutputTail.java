package dev.holdfast.operator.hooks;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An output stream that keeps only the last {@code capacity} bytes written to it, so a hook that
 * prints gigabytes costs the operator a fixed amount of memory. Safe for the two writers an exec
 * has (stdout and stderr).
 */
final class OutputTail extends OutputStream {
  private final byte[] ring;
  private long written;

  /** Keeps the last {@code capacity} bytes. */
  OutputTail(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.ring = new byte[capacity];
  }

  @Override
  public synchronized void write(int b) {
    ring[(int) (written % ring.length)] = (byte) b;
    written++;
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    // Bytes more than a ring's length before the end fall out of the window at once: count them
    // without storing; the ring's length of bytes after them overwrite every slot.
    int skip = Math.max(0, len - ring.length);
    written += skip;
    for (int i = off + skip; i < off + len; i++) {
      ring[(int) (written % ring.length)] = b[i];
      written++;
    }
  }

  /** How many bytes were written in all. */
  synchronized long written() {
    return written;
  }

  /**
   * The kept bytes as text: UTF-8 (a character cut at the start becomes a replacement character),
   * control characters other than newline and tab shown as {@code ?}, outer white space removed.
   */
  synchronized String text() {
    int kept = (int) Math.min(written, ring.length);
    byte[] bytes = new byte[kept];
    long start = written - kept;
    for (int i = 0; i < kept; i++) {
      bytes[i] = ring[(int) ((start + i) % ring.length)];
    }
    String decoded = new String(bytes, StandardCharsets.UTF_8);
    StringBuilder clean = new StringBuilder(decoded.length());
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      clean.append(Character.isISOControl(c) && c != '\n' && c != '\t' ? '?' : c);
    }
    return clean.toString().strip();
  }
}
