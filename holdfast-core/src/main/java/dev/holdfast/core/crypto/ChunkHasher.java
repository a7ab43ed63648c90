package dev.holdfast.core.crypto;

import dev.holdfast.core.id.ChunkId;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes keyed chunk ids, HMAC-SHA-256 of the plaintext under the id key, so that the storage
 * provider cannot test whether a known file is stored. Not thread-safe: one per thread, reused for
 * every chunk, because creating a {@link Mac} is slow.
 */
public final class ChunkHasher {
  private final MasterKey master;
  private final Mac mac;
  private final byte[] digest = new byte[32];

  ChunkHasher(MasterKey master) {
    this.master = master;
    try {
      this.mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(master.idKey(), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not usable in this JVM", e);
    }
  }

  /** The id of the chunk {@code buf[off, off+len)}. */
  public ChunkId hash(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    master.checkLive();
    int end = off + len;
    for (int pos = off; pos < end; pos += Gcm.SLICE) {
      mac.update(buf, pos, Math.min(Gcm.SLICE, end - pos));
    }
    try {
      mac.doFinal(digest, 0);
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    }
    return ChunkId.of(digest);
  }
}
