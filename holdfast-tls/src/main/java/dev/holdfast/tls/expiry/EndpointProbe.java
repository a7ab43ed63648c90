package dev.holdfast.tls.expiry;

import dev.holdfast.tls.EndpointUnreachableException;
import dev.holdfast.tls.InvalidRequestException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Reads the certificate chain a TLS server shows, for expiry monitoring only: it connects, sends
 * the host name as SNI, takes the chain out of the handshake and closes the connection without
 * sending a byte of data.
 *
 * <p><b>It trusts nothing and checks nothing.</b> To see an expired, self-signed or otherwise
 * unacceptable certificate (exactly what monitoring is for) the handshake accepts any chain with a
 * capturing trust manager. Nothing learned over such a connection may be relied on, which is why
 * this class offers no way to use the connection: it returns the chain and closes. A server that
 * requires client certificates still shows its chain before it refuses us, so Holdfast's own mTLS
 * servers can be inspected without a client certificate.
 */
public final class EndpointProbe {
  /** How long connecting, and each read of the handshake, may take unless configured. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final Duration timeout;

  /**
   * A probe that gives up when connecting, or any read during the handshake, takes longer than
   * {@code timeout}.
   */
  public EndpointProbe(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new InvalidRequestException("an endpoint timeout must be positive");
    }
    this.timeout = timeout;
  }

  /** The timeout of connecting and of each handshake read. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The chain {@code endpoint} shows in a handshake, leaf first.
   *
   * @throws EndpointUnreachableException naming the endpoint when it cannot be reached in time or
   *     shows no certificate
   */
  public List<X509Certificate> peerChain(Endpoint endpoint) {
    CapturingTrustManager capture = new CapturingTrustManager();
    int millis = (int) timeout.toMillis();
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), millis);
      raw.setSoTimeout(millis); // bounds every read of the handshake
      try (SSLSocket socket =
          (SSLSocket)
              context(capture)
                  .getSocketFactory()
                  .createSocket(raw, endpoint.host(), endpoint.port(), false)) {
        socket.setSSLParameters(parameters(socket.getSSLParameters(), endpoint));
        try {
          socket.startHandshake();
        } catch (IOException e) {
          // a server that wants a client certificate refuses us after it has shown its chain
          if (capture.chain == null) {
            throw e;
          }
        }
      }
    } catch (UnknownHostException e) {
      throw unreachable(endpoint, "unknown host " + endpoint.host(), e);
    } catch (SocketTimeoutException e) {
      throw unreachable(endpoint, "no answer within " + timeout.toMillis() + " ms", e);
    } catch (ConnectException e) {
      throw unreachable(endpoint, "cannot connect (" + reason(e) + ")", e);
    } catch (SSLException e) {
      throw unreachable(
          endpoint,
          "the TLS handshake failed before a certificate was shown (" + reason(e) + ")",
          e);
    } catch (IOException e) {
      throw unreachable(endpoint, reason(e), e);
    }
    if (capture.chain == null || capture.chain.isEmpty()) {
      throw unreachable(endpoint, "the server showed no certificate", null);
    }
    return capture.chain;
  }

  private static SSLContext context(CapturingTrustManager capture) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {capture}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make a TLS context", e);
    }
  }

  private static SSLParameters parameters(SSLParameters parameters, Endpoint endpoint) {
    parameters.setEndpointIdentificationAlgorithm(null);
    if (!endpoint.isIpLiteral()) {
      try {
        parameters.setServerNames(List.of(new SNIHostName(endpoint.host())));
      } catch (IllegalArgumentException e) {
        // not a name SNI can carry (a trailing dot, an underscore): connect without SNI
      }
    }
    return parameters;
  }

  private static EndpointUnreachableException unreachable(
      Endpoint endpoint, String why, Throwable cause) {
    return new EndpointUnreachableException("endpoint " + endpoint + ": " + why, cause);
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /**
   * Accepts every server chain and keeps it: for inspection only (see the class comment). It
   * refuses every client, since a probe is never a server.
   */
  private static final class CapturingTrustManager extends X509ExtendedTrustManager {
    private volatile List<X509Certificate> chain;

    private void capture(X509Certificate[] presented) {
      chain = presented == null ? List.of() : List.of(presented);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType, Socket socket) {
      capture(presented);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType, SSLEngine engine) {
      capture(presented);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] presented, String authType) {
      capture(presented);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("an expiry probe accepts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("an expiry probe accepts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType)
        throws CertificateException {
      throw new CertificateException("an expiry probe accepts no clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
