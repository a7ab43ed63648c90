package dev.holdfast.operator.certs;

import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.reload.ReloadingKeyManager;
import dev.holdfast.tls.reload.ReloadingTrustManager;
import dev.holdfast.tls.reload.SslContexts;
import dev.holdfast.tls.trust.PeerIdentity;
import dev.holdfast.tls.trust.TrustMaterial;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * One mutual-TLS handshake on loopback between a server and a client that each hold a leaf and a
 * trust bundle, as a workload mounting a TLS Secret does. Each side checks the other with
 * holdfast-tls's trust manager: the peer verifier's rules and PKIX path validation, at the test's
 * clock.
 */
final class TlsHandshake {
  private static final int TIMEOUT_MILLIS = 20_000;

  private TlsHandshake() {}

  /** What a workload holds: its leaf and key, and the CAs it trusts. */
  record Peer(CertifiedKey leaf, List<X509Certificate> trusted) {
    /** What a workload that loaded {@code secret} now holds. */
    static Peer of(Secret secret) {
      return new Peer(
          TlsSecrets.certifiedKey(secret),
          TlsSecrets.certificates(secret, TlsSecrets.TRUST_BUNDLE));
    }
  }

  /**
   * Handshakes {@code client} with {@code server} and exchanges a byte each way.
   *
   * @return empty when both accepted each other; else what each side reported
   */
  static Optional<String> between(Peer server, Peer client, Clock clock) throws IOException {
    SSLContext serverContext = context(server, clock);
    SSLContext clientContext = context(client, clock);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (SSLServerSocket listener =
        (SSLServerSocket)
            serverContext.getServerSocketFactory().createServerSocket(0, 1, loopback)) {
      listener.setSSLParameters(SslContexts.parameters(serverContext, true));
      listener.setSoTimeout(TIMEOUT_MILLIS);
      CompletableFuture<String> served =
          CompletableFuture.supplyAsync(
              () -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                  socket.setSoTimeout(TIMEOUT_MILLIS);
                  socket.startHandshake();
                  socket.getOutputStream().write('s');
                  socket.getOutputStream().flush();
                  return socket.getInputStream().read() == 'c' ? null : "server: no answer";
                } catch (IOException e) {
                  return "server: " + e.getMessage();
                }
              });
      List<String> failures = new ArrayList<>();
      try (SSLSocket socket =
          (SSLSocket)
              clientContext.getSocketFactory().createSocket(loopback, listener.getLocalPort())) {
        socket.setSSLParameters(SslContexts.parameters(clientContext, false));
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.startHandshake();
        // in TLS 1.3 the server judges the client's certificate after the client has finished
        if (socket.getInputStream().read() != 's') {
          failures.add("client: the server closed the connection");
        } else {
          socket.getOutputStream().write('c');
          socket.getOutputStream().flush();
        }
      } catch (IOException e) {
        failures.add("client: " + e.getMessage());
      }
      String serverFailure = served.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      if (serverFailure != null) {
        failures.add(serverFailure);
      }
      return failures.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", failures));
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IOException("the server side of the handshake did not finish", e);
    }
  }

  private static SSLContext context(Peer peer, Clock clock) {
    return SslContexts.create(
        new ReloadingKeyManager(peer.leaf()),
        new ReloadingTrustManager(
            TrustMaterial.of(peer.trusted(), List.of(), "the peer's ca.crt"),
            PeerIdentity.any(),
            clock));
  }
}
