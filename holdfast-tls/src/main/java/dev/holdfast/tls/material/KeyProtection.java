package dev.holdfast.tls.material;

import dev.holdfast.tls.InvalidRequestException;
import java.util.Arrays;

/**
 * The passphrase and scrypt cost that encrypt a private key at rest (the certificate authority's
 * key). It keeps its own copy of the passphrase, which {@link #destroy()} overwrites; the
 * passphrase never appears in {@code toString}.
 */
public final class KeyProtection {
  private final char[] passphrase;
  private final ScryptCost cost;

  private KeyProtection(char[] passphrase, ScryptCost cost) {
    this.passphrase = passphrase;
    this.cost = cost;
  }

  /**
   * Protection with {@code passphrase} (copied) at the default cost.
   *
   * @throws InvalidRequestException when the passphrase is empty
   */
  public static KeyProtection withPassphrase(char[] passphrase) {
    if (passphrase == null || passphrase.length == 0) {
      throw new InvalidRequestException("an empty passphrase cannot protect a private key");
    }
    return new KeyProtection(passphrase.clone(), ScryptCost.DEFAULT);
  }

  /** The same passphrase at another scrypt cost (for new keys; reading uses the file's cost). */
  public KeyProtection withCost(ScryptCost cost) {
    return new KeyProtection(passphrase.clone(), cost);
  }

  /** The scrypt cost new keys are written with. */
  public ScryptCost cost() {
    return cost;
  }

  /** The passphrase itself, for the encryption code in this package only. */
  char[] passphrase() {
    return passphrase;
  }

  /** Overwrites the passphrase; this protection cannot be used afterwards. */
  public void destroy() {
    Arrays.fill(passphrase, '\0');
  }

  @Override
  public String toString() {
    return "KeyProtection[" + cost + "]";
  }
}
