package dev.holdfast.server.remote;

import java.io.IOException;
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
final class TlsSockets extends DelegatingSocketFactory {
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private static final int CLOSE_LINGER_SECONDS = 1;

  private final SSLContext context;

  TlsSockets(SSLContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  @Override
  protected SSLSocketFactory delegate() {
    return context.getSocketFactory();
  }

  @Override
  protected Socket configured(Socket socket) throws IOException {
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
}
