package dev.holdfast.server.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A client's SSLContext that keeps every TLS socket made from it: each is one new connection with
 * its own handshake, so tests can count connections and look at their sessions.
 */
public final class CountingTls extends SSLContext {
  private final Spi spi;

  private CountingTls(Spi spi) {
    super(spi, spi.inner.getProvider(), spi.inner.getProtocol());
    this.spi = spi;
  }

  /** Counts the sockets made from {@code inner}. */
  public static CountingTls over(SSLContext inner) {
    return new CountingTls(new Spi(inner));
  }

  /** The TLS sockets made so far, oldest first. */
  public List<SSLSocket> sockets() {
    synchronized (spi.sockets) {
      return List.copyOf(spi.sockets);
    }
  }

  private static final class Spi extends SSLContextSpi {
    final SSLContext inner;
    final List<SSLSocket> sockets = new ArrayList<>();

    Spi(SSLContext inner) {
      this.inner = inner;
    }

    private Socket kept(Socket socket) {
      synchronized (sockets) {
        sockets.add((SSLSocket) socket);
      }
      return socket;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
        throws KeyManagementException {
      throw new KeyManagementException("initialise the inner context instead");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      SSLSocketFactory factory = inner.getSocketFactory();
      return new SSLSocketFactory() {
        @Override
        public String[] getDefaultCipherSuites() {
          return factory.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
          return factory.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
          return kept(factory.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose)
            throws IOException {
          return kept(factory.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
          return kept(factory.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort)
            throws IOException {
          return kept(factory.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
          return kept(factory.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
            throws IOException {
          return kept(factory.createSocket(host, port, local, localPort));
        }
      };
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return inner.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return inner.createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return inner.createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return inner.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return inner.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return inner.getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return inner.getSupportedSSLParameters();
    }
  }
}
