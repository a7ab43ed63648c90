package dev.holdfast.core.chunking;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Data generators and reference splitting shared by the chunking tests. */
final class ChunkTesting {

  /** Small sizes so that a few MiB of test data give a few hundred chunks. */
  static final ChunkerParams SMALL = new ChunkerParams(2 * 1024, 8 * 1024, 64 * 1024);

  private ChunkTesting() {}

  static byte[] randomBytes(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /**
   * Random bytes with runs of zeros of 1 to 300 bytes every 500 to 5,000 bytes: every case of the
   * zero-cut rule (short runs, runs reaching 64, long runs) over a few hundred KiB.
   */
  static byte[] withZeroRuns(long seed, int n) {
    byte[] b = randomBytes(seed, n);
    Random r = new Random(~seed);
    for (int at = r.nextInt(5000); at < n; at += 500 + r.nextInt(4500)) {
      java.util.Arrays.fill(b, at, Math.min(n, at + 1 + r.nextInt(300)), (byte) 0);
    }
    return b;
  }

  /** A chunking seed that is not a secret: derived from a test seed. */
  static byte[] seed32(long seed) {
    return randomBytes(seed ^ 0x5eed5eedL, 32);
  }

  /** Chunk lengths by calling {@link FastCdc#cut} directly, the reference for everything else. */
  static List<Integer> lengthsByCut(FastCdc cdc, byte[] data) {
    List<Integer> lengths = new ArrayList<>();
    int off = 0;
    while (off < data.length) {
      int n = cdc.cut(data, off, data.length - off);
      lengths.add(n);
      off += n;
    }
    return lengths;
  }

  /** SHA-256 (hex) of each chunk, in order: compares chunk contents regardless of position. */
  static List<String> digestsByCut(FastCdc cdc, byte[] data) {
    List<String> digests = new ArrayList<>();
    int off = 0;
    for (int n : lengthsByCut(cdc, data)) {
      digests.add(sha256Hex(data, off, n));
      off += n;
    }
    return digests;
  }

  /** The chunks a {@link StreamChunker} hands out, copied. */
  static List<byte[]> splitStream(StreamChunker chunker, byte[] data) {
    List<byte[]> chunks = new ArrayList<>();
    try {
      chunker.split(new ByteArrayInputStream(data), collector(chunks));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return chunks;
  }

  static ChunkConsumer collector(List<byte[]> into) {
    return (buf, off, len) -> into.add(java.util.Arrays.copyOfRange(buf, off, off + len));
  }

  static List<Integer> lengths(List<byte[]> chunks) {
    return chunks.stream().map(c -> c.length).toList();
  }

  static String sha256Hex(byte[] b, int off, int len) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(b, off, len);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
