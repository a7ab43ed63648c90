package dev.holdfast.tls.reload;

import dev.holdfast.tls.trust.PeerIdentity;
import dev.holdfast.tls.trust.PeerRole;
import dev.holdfast.tls.trust.PeerVerifier;
import dev.holdfast.tls.trust.TrustMaterial;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager over the current trust bundle and CRLs, swapped atomically by {@link #swap}. It
 * checks peers with a {@link PeerVerifier} at the injected clock: validity, issuer, revocation, key
 * usage for the peer's role, the expected identity, and, where the connection asks for endpoint
 * identification ({@code HTTPS}), the host name. A refusal is a {@link
 * dev.holdfast.tls.trust.RefusedCertificateException} naming the certificate and the reason.
 */
public final class ReloadingTrustManager extends X509ExtendedTrustManager {
  private final PeerIdentity expected;
  private final Clock clock;
  private volatile TrustMaterial trust;

  /** A trust manager over {@code initial}, requiring peers to be {@code expected}. */
  public ReloadingTrustManager(TrustMaterial initial, PeerIdentity expected, Clock clock) {
    this.trust = Objects.requireNonNull(initial, "initial");
    this.expected = Objects.requireNonNull(expected, "expected");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Checks every handshake from now on against {@code next}. */
  public void swap(TrustMaterial next) {
    trust = Objects.requireNonNull(next, "next");
  }

  /** The trust material in force. */
  public TrustMaterial current() {
    return trust;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    verify(chain, PeerRole.CLIENT, null);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    verify(chain, PeerRole.CLIENT, null);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    verify(chain, PeerRole.CLIENT, null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    verify(chain, PeerRole.SERVER, null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    String host = null;
    if (socket instanceof SSLSocket ssl
        && identifiesEndpoint(ssl.getSSLParameters().getEndpointIdentificationAlgorithm())) {
      host = peerHost(ssl.getHandshakeSession());
    }
    verify(chain, PeerRole.SERVER, host);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    String host = null;
    if (engine != null
        && identifiesEndpoint(engine.getSSLParameters().getEndpointIdentificationAlgorithm())) {
      host = peerHost(engine.getHandshakeSession());
      if (host == null) {
        host = engine.getPeerHost();
      }
    }
    verify(chain, PeerRole.SERVER, host);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return trust.anchors().toArray(new X509Certificate[0]);
  }

  private void verify(X509Certificate[] chain, PeerRole role, String host)
      throws CertificateException {
    List<X509Certificate> certificates = chain == null ? List.of() : Arrays.asList(chain);
    new PeerVerifier(trust, expected, clock).verify(certificates, role, host);
  }

  private static boolean identifiesEndpoint(String algorithm) {
    return algorithm != null && !algorithm.isEmpty();
  }

  /** The host the client asked for: the SNI host name it sent, else the host it connected to. */
  private static String peerHost(SSLSession session) {
    if (session == null) {
      return null;
    }
    if (session instanceof ExtendedSSLSession extended) {
      for (SNIServerName name : extended.getRequestedServerNames()) {
        if (name instanceof SNIHostName hostName) {
          return hostName.getAsciiName();
        }
      }
    }
    return session.getPeerHost();
  }
}
