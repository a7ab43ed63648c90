package dev.holdfast.server.testing;

import dev.holdfast.server.TlsContexts;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;

/** A key pair and its certificate chain (leaf first), as {@link TestCa} issued them. */
public record Issued(KeyPair keys, X509Certificate[] chain) {

  /** The leaf certificate. */
  public X509Certificate certificate() {
    return chain[0];
  }

  /** A key store with this key entry, under {@link TestCa#PASSWORD}. */
  public KeyStore keyStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("key", keys.getPrivate(), TestCa.PASSWORD, chain);
      return store;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TLS context presenting this certificate and trusting {@code trusted}. */
  public SSLContext sslContext(KeyStore trusted) {
    return TlsContexts.of(keyStore(), TestCa.PASSWORD, trusted);
  }
}
