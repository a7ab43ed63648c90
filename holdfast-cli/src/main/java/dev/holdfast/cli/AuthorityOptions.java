package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.material.KeyProtection;
import dev.holdfast.tls.material.ScryptCost;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * Where the certificate authority lives and how its key is opened: {@code --dir}, and the CA
 * passphrase from {@code --ca-password-file}, then {@code HOLDFAST_CA_PASSWORD_FILE}, then {@code
 * HOLDFAST_CA_PASSWORD}, then a prompt, as repository passphrases are found (docs/CLI.md).
 */
public final class AuthorityOptions {
  private static final String PASSWORD_VARIABLE = "HOLDFAST_CA_PASSWORD";
  private static final String PASSWORD_FILE_VARIABLE = "HOLDFAST_CA_PASSWORD_FILE";

  @Option(
      names = "--dir",
      required = true,
      paramLabel = "DIR",
      description = "The certificate authority's folder.")
  Path dir;

  @Option(
      names = "--ca-password-file",
      paramLabel = "FILE",
      description =
          "Read the CA passphrase from the first line of FILE (else HOLDFAST_CA_PASSWORD_FILE,"
              + " HOLDFAST_CA_PASSWORD, or a prompt).")
  Path passwordFile;

  /** An authority opened with its passphrase; closing it overwrites the passphrase. */
  public record Opened(Authority authority, KeyProtection protection) implements AutoCloseable {
    @Override
    public void close() {
      protection.destroy();
    }
  }

  /** The authority's folder. */
  public Path dir() {
    return dir;
  }

  /**
   * Opens the authority, at the scrypt cost its signing key was written with (so that later CA
   * generations are encrypted as the first).
   */
  public Opened open(Clock clock) {
    ScryptCost cost = Authority.keyCost(dir).orElse(ScryptCost.DEFAULT);
    KeyProtection protection = protection(false).withCost(cost);
    try {
      return new Opened(Authority.open(dir, protection, clock, new SecureRandom()), protection);
    } catch (RuntimeException e) {
      protection.destroy();
      throw e;
    }
  }

  /** Protection with a new passphrase (asked twice on a terminal) at {@code cost}. */
  public KeyProtection newProtection(ScryptCost cost) {
    return protection(true).withCost(cost);
  }

  private KeyProtection protection(boolean fresh) {
    Path file = passwordFile;
    if (file == null) {
      String env = System.getenv(PASSWORD_FILE_VARIABLE);
      file = env == null || env.isBlank() ? null : Path.of(env);
    }
    char[] passphrase =
        fresh
            ? Passphrases.readNew(file, PASSWORD_VARIABLE, "New CA passphrase: ")
            : Passphrases.read(file, PASSWORD_VARIABLE, "CA passphrase: ");
    try {
      return KeyProtection.withPassphrase(passphrase);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  /** The scrypt cost for {@code --kdf-memory SIZE}: a power of two, 1 MiB to 512 MiB. */
  public static ScryptCost scryptCost(String memory) {
    long bytes = Sizes.parse(memory, "--kdf-memory");
    long perN = 128L * ScryptCost.DEFAULT.blockSize();
    if (bytes < (1L << 20) || Long.bitCount(bytes) != 1 || bytes > ScryptCost.MAX_MEMORY_BYTES) {
      throw new UsageError(
          "--kdf-memory: '" + memory + "' must be a power of two from 1M to 512M (default 128M)");
    }
    return new ScryptCost(
        Long.numberOfTrailingZeros(bytes / perN),
        ScryptCost.DEFAULT.blockSize(),
        ScryptCost.DEFAULT.parallelism());
  }
}
