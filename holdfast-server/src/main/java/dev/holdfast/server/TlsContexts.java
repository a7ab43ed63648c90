package dev.holdfast.server;

import dev.holdfast.core.UsageError;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the {@link SSLContext} of either side of a connection from a key store (this side's key
 * and certificate chain) and a trust store (the CA certificates the other side's certificate must
 * chain to, checked with the JDK's PKIX validation: signatures, dates, key usages).
 */
public final class TlsContexts {
  private TlsContexts() {}

  /**
   * A context presenting the key entry of {@code keys} and trusting {@code trusted}.
   *
   * @param keyPassword the password of the key entry (not kept)
   * @throws UsageError when the stores cannot be used (no key entry, a wrong password)
   */
  public static SSLContext of(KeyStore keys, char[] keyPassword, KeyStore trusted) {
    try {
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, keyPassword);
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
      trustManagers.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new UsageError("cannot set up TLS from the given key and trust stores: " + e, e);
    }
  }
}
