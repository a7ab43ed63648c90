package dev.holdfast.tls.reload;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An SSLContext that hands every new socket or engine to the newest of a series of inner contexts;
 * {@link #renew()} starts the next one. Connections made before keep their inner context.
 */
final class ReloadingSslContext extends SSLContext {
  private final Spi spi;

  private ReloadingSslContext(Spi spi) {
    super(spi, spi.current.getProvider(), spi.current.getProtocol());
    this.spi = spi;
  }

  static ReloadingSslContext over(Supplier<SSLContext> factory) {
    return new ReloadingSslContext(new Spi(factory));
  }

  /** New sockets and engines come from a fresh inner context from now on. */
  void renew() {
    spi.current = spi.factory.get();
  }

  private static final class Spi extends SSLContextSpi {
    private final Supplier<SSLContext> factory;
    private volatile SSLContext current;

    Spi(Supplier<SSLContext> factory) {
      this.factory = factory;
      this.current = factory.get();
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
        throws KeyManagementException {
      throw new KeyManagementException("a reloading context is initialised by its reloader");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return current.getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return current.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return configured(current, current.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return configured(current, current.createSSLEngine(host, port));
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return current.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return current.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return SslContexts.parameters(current, false);
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return current.getSupportedSSLParameters();
    }

    private static SSLEngine configured(SSLContext context, SSLEngine engine) {
      SSLParameters defaults = SslContexts.parameters(context, false);
      engine.setEnabledProtocols(defaults.getProtocols());
      engine.setEnabledCipherSuites(defaults.getCipherSuites());
      return engine;
    }
  }
}
