package dev.holdfast.bench;

import dev.holdfast.core.crypto.ChunkHasher;
import dev.holdfast.core.crypto.KdfParams;
import dev.holdfast.core.crypto.KeySlot;
import dev.holdfast.core.crypto.MasterKey;
import dev.holdfast.core.crypto.ObjectSealer;
import dev.holdfast.core.crypto.PackCipher;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.KeyId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the crypto on the backup hot path: AES-256-GCM of pack blobs and sealed objects and
 * HMAC-SHA-256 chunk ids, per buffer of {@code size} bytes (MB/s = ops/s x size / 10^6), and the
 * time one Argon2id derivation with the default parameters takes to unlock a key slot.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CryptoBenchmark {
  @Param({"1048576"})
  int size;

  private final byte[] aad = new byte[33];
  private byte[] plain;
  private byte[] out;
  private byte[] blob;
  private PackCipher writer;
  private PackCipher reader;
  private ObjectSealer sealer;
  private byte[] sealedObject;
  private ChunkHasher hasher;
  private KeySlot defaultSlot;
  private long nonce;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    MasterKey key = MasterKey.generate(random);
    plain = new byte[size];
    new Random(1).nextBytes(plain);
    out = new byte[size + PackCipher.TAG_BYTES];
    writer = key.newPackCipher(random);
    reader = key.packCipher(writer.salt());
    blob = new byte[size + PackCipher.TAG_BYTES];
    writer.seal(Long.MAX_VALUE, aad, plain, 0, size, blob, 0);
    sealer = key.objectSealer();
    sealedObject = sealer.seal("index/bench", plain);
    hasher = key.newChunkHasher();
    defaultSlot =
        KeySlot.create(
            KeyId.random(random),
            key,
            "benchmark passphrase".toCharArray(),
            KdfParams.DEFAULT,
            Instant.EPOCH,
            "bench",
            "bench",
            random);
  }

  @Benchmark
  public int packSeal() {
    // A fresh nonce per call, as the pack writer uses a fresh offset per blob.
    return writer.seal(nonce++, aad, plain, 0, size, out, 0);
  }

  @Benchmark
  public byte[] packOpen() {
    return reader.open(Long.MAX_VALUE, aad, blob, 0, blob.length);
  }

  @Benchmark
  public byte[] objectSeal() {
    return sealer.seal("index/bench", plain);
  }

  @Benchmark
  public byte[] objectOpen() {
    return sealer.open("index/bench", sealedObject);
  }

  @Benchmark
  public ChunkId chunkId() {
    return hasher.hash(plain, 0, size);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 5, time = 1)
  public Optional<MasterKey> unlockDefaultArgon2id() {
    return defaultSlot.unlock("benchmark passphrase".toCharArray());
  }
}
