package dev.holdfast.server.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The client's TLS sockets: each new one from the context's current material (a reloading context
 * hands out renewed certificates to new connections), TLS 1.3 or 1.2, the context's default cipher
 * suites, and the server's certificate checked against the host the client connects to.
 *
 * <p>A store keeps one instance for its life: HttpsURLConnection keeps idle connections per host,
 * port and socket factory, so reusing the factory is what lets later requests reuse a connection
 * (and a new connection resume the TLS session cached in the context).
 */
final class TlsSockets extends SSLSocketFactory {
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private static final int CLOSE_LINGER_SECONDS = 1;

  private final SSLContext context;

  TlsSockets(SSLContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  private Socket configured(Socket socket) throws IOException {
    SSLSocket tls = (SSLSocket) socket;
    SSLParameters parameters = context.getDefaultSSLParameters();
    parameters.setProtocols(PROTOCOLS);
    // The JDK's trust manager then checks that the certificate names the host (DNS or IP SAN).
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    tls.setSSLParameters(parameters);
    // Closing waits for a write in progress at most this long, then shuts the connection down
    // under it; without a linger, closing a connection whose write is blocked blocks as well.
    tls.setSoLinger(true, CLOSE_LINGER_SECONDS);
    return tls;
  }

  private SSLSocketFactory current() {
    return context.getSocketFactory();
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return context.getDefaultSSLParameters().getCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return context.getSupportedSSLParameters().getCipherSuites();
  }

  @Override
  public Socket createSocket() throws IOException {
    return configured(current().createSocket());
  }

  @Override
  public Socket createSocket(Socket plain, String host, int port, boolean autoClose)
      throws IOException {
    return configured(current().createSocket(plain, host, port, autoClose));
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return configured(current().createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return configured(current().createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return configured(current().createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return configured(current().createSocket(address, port, localAddress, localPort));
  }
}
