package dev.holdfast.core.crypto;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id version 1.3 (RFC 9106) through BouncyCastle: turns a passphrase into a key. */
final class Argon2id {
  private Argon2id() {}

  /** A {@code length}-byte key from {@code password} bytes; the caller wipes the password. */
  static byte[] derive(byte[] password, byte[] salt, KdfParams params, int length) {
    return derive(password, salt, null, null, params, length);
  }

  /** With RFC 9106's optional secret and associated data, which only the known-answer test uses. */
  static byte[] derive(
      byte[] password,
      byte[] salt,
      byte[] secret,
      byte[] additional,
      KdfParams params,
      int length) {
    Argon2Parameters.Builder builder =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(params.memoryKiB())
            .withIterations(params.iterations())
            .withParallelism(params.parallelism());
    if (secret != null) {
      builder.withSecret(secret);
    }
    if (additional != null) {
      builder.withAdditional(additional);
    }
    Argon2Parameters p = builder.build();
    try {
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(p);
      byte[] out = new byte[length];
      generator.generateBytes(password, out);
      return out;
    } finally {
      p.clear();
    }
  }
}
