package dev.holdfast.server.remote;

import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * The JVM-wide default socket factory of {@link HttpsURLConnection}: one that refuses to connect.
 *
 * <p>Every HttpsURLConnection starts with the default factory, and asking for it the first time
 * builds the JDK's default TLS context, which parses the JDK's whole CA store (some 150
 * certificates: about 30 ms of a command's start and code for the JIT to compile), though {@link
 * RemoteBlobStore} replaces it with the repository's own at once. With this default, a connection
 * that was not given the repository's TLS material fails instead of trusting the JDK's CAs.
 */
final class UnconfiguredTls extends SSLSocketFactory {
  static {
    HttpsURLConnection.setDefaultSSLSocketFactory(new UnconfiguredTls());
  }

  private UnconfiguredTls() {}

  /** Makes this the default, once per JVM (later calls do nothing). */
  static void installAsDefault() {
    // The static initialiser above did it when this class was loaded.
  }

  private static SSLException refused() {
    return new SSLException(
        "an HTTPS connection was opened without the repository's TLS material; refusing it");
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return new String[0];
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return new String[0];
  }

  @Override
  public Socket createSocket() throws SSLException {
    throw refused();
  }

  @Override
  public Socket createSocket(Socket plain, String host, int port, boolean autoClose)
      throws SSLException {
    throw refused();
  }

  @Override
  public Socket createSocket(String host, int port) throws SSLException {
    throw refused();
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws SSLException {
    throw refused();
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws SSLException {
    throw refused();
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws SSLException {
    throw refused();
  }
}
