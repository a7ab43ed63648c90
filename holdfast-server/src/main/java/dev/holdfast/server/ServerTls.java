package dev.holdfast.server;

import java.security.KeyStore;
import javax.net.ssl.SSLContext;

/**
 * Where the server's TLS material comes from: its key and certificate chain, and the CAs that
 * client certificates must chain to. Asked once at start and again on every {@link
 * RepositoryServer#reloadTls()}; a source whose key and trust managers reload themselves (as
 * holdfast-tls's do) can return the same context every time.
 */
@FunctionalInterface
public interface ServerTls {
  /** A context with the server's key manager and a trust manager for client certificates. */
  SSLContext sslContext();

  /** The key entry of {@code keys}, trusting client certificates issued by {@code trusted}. */
  static ServerTls fromKeyStores(KeyStore keys, char[] keyPassword, KeyStore trusted) {
    SSLContext context = TlsContexts.of(keys, keyPassword, trusted);
    return () -> context;
  }
}
