package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.crypto.KdfParams;
import picocli.CommandLine.Option;

/** The key-derivation options of every command that wraps the key under a new passphrase. */
public final class KdfOptions {
  @Option(
      names = "--kdf-memory",
      paramLabel = "SIZE",
      description = "Argon2id memory (default 64M).")
  String memory = "64M";

  @Option(
      names = "--kdf-iterations",
      paramLabel = "N",
      description = "Argon2id passes (default 3).")
  int iterations = KdfParams.DEFAULT.iterations();

  /** The parameters these options name; a bad value is a usage error. */
  public KdfParams params() {
    try {
      long kib = Sizes.parse(memory, "--kdf-memory") / 1024;
      return new KdfParams(
          KdfParams.ARGON2ID, (int) Math.min(Integer.MAX_VALUE, kib), iterations, 1);
    } catch (IllegalArgumentException e) {
      throw new UsageError("key derivation: " + e.getMessage());
    }
  }
}
