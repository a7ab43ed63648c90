package dev.holdfast.tls.testing;

import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.authority.AuthoritySettings;
import dev.holdfast.tls.material.KeyProtection;
import dev.holdfast.tls.material.ScryptCost;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/** Authorities and key protection for tests: a cheap scrypt cost, a known passphrase. */
public final class TlsFixtures {
  /** 1 MiB scrypt: the real default costs half a second per open. */
  public static final ScryptCost CHEAP = new ScryptCost(10, 8, 1);

  public static final String PASSPHRASE = "correct horse battery staple";

  private TlsFixtures() {}

  public static KeyProtection protection() {
    return KeyProtection.withPassphrase(PASSPHRASE.toCharArray()).withCost(CHEAP);
  }

  /** A new authority with default settings named {@code name} in {@code home}. */
  public static Authority authority(Path home, String name, Clock clock) {
    AuthoritySettings settings =
        new AuthoritySettings(
            name,
            AuthoritySettings.DEFAULTS.keyAlgorithm(),
            AuthoritySettings.DEFAULTS.caLifetime(),
            AuthoritySettings.DEFAULTS.crlLifetime(),
            AuthoritySettings.DEFAULTS.propagationDelay());
    return Authority.create(home, settings, protection(), clock, new SecureRandom());
  }

  public static Authority authority(Path home, Clock clock) {
    return authority(home, "Holdfast CA", clock);
  }
}
