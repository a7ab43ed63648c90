package dev.holdfast.tls.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.tls.EndpointUnreachableException;
import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.reload.SslContexts;
import dev.holdfast.tls.testing.LoopbackServer;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TlsFixtures;
import dev.holdfast.tls.testing.TlsPeer;
import dev.holdfast.tls.trust.PeerIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS servers on loopback: the probe reads the chain a server shows, even one that requires
 * client certificates and one whose certificate expired long ago, sends the host name as SNI, and
 * says clearly why when nothing listens, nothing answers, or the server does not speak TLS.
 */
class EndpointProbeTest {
  private static final LeafRequest SERVER =
      LeafRequest.of("repository-server", Usage.SERVER, "spiffe://holdfast/server")
          .withDnsNames("localhost")
          .withIpAddresses("127.0.0.1");

  @TempDir Path dir;
  private final EndpointProbe probe = new EndpointProbe(Duration.ofSeconds(10));

  @Test
  void readsTheChainOfAnMtlsServerWithoutAClientCertificate() throws IOException {
    MutableClock clock = new MutableClock();
    Authority authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    try (TlsPeer server = serverPeer(authority, clock);
        LoopbackServer listener = LoopbackServer.start(server::context)) {
      Endpoint endpoint = new Endpoint("127.0.0.1", listener.port());

      List<X509Certificate> chain = probe.peerChain(endpoint);

      assertThat(chain).extracting(SerialNumber::of).containsExactly(server.serving().serial());
    }
  }

  @Test
  void anExpiredUntrustedCertificateIsShownNotRefused() throws IOException {
    MutableClock longAgo = new MutableClock(Instant.parse("2020-01-01T00:00:00Z"));
    Authority authority = TlsFixtures.authority(dir.resolve("old-ca"), longAgo);
    try (TlsPeer server = serverPeer(authority, longAgo);
        LoopbackServer listener = LoopbackServer.start(server::context)) {
      ExpiryScanner scanner =
          new ExpiryScanner(ExpiryThresholds.DEFAULT, new MutableClock(), null, probe);

      ExpiryReport report = scanner.scanArguments(List.of("127.0.0.1:" + listener.port()));

      assertThat(report.failures()).isEmpty();
      CertificateStatus status = report.certificates().get(0);
      assertThat(status.origin()).isEqualTo(Origin.endpoint("127.0.0.1:" + listener.port(), 0));
      assertThat(status.certificate().serial()).isEqualTo(server.serving().serial());
      assertThat(status.verdict()).isEqualTo(Verdict.EXPIRED);
    }
  }

  @Test
  void theHostNameIsSentAsServerNameIndication() throws Exception {
    MutableClock clock = new MutableClock();
    Authority authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    List<String> names = new CopyOnWriteArrayList<>();
    try (TlsPeer server = serverPeer(authority, clock);
        ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(
              () -> {
                try (Socket raw = listener.accept();
                    SSLSocket socket =
                        (SSLSocket)
                            server
                                .context()
                                .getSocketFactory()
                                .createSocket(raw, null, raw.getPort(), true)) {
                  socket.setUseClientMode(false);
                  SSLParameters parameters = SslContexts.parameters(server.context(), true);
                  parameters.setSNIMatchers(List.of(recording(names)));
                  socket.setSSLParameters(parameters);
                  socket.startHandshake();
                } catch (IOException e) {
                  // the probe sends no client certificate: the server refuses it, as it should
                }
              });

      probe.peerChain(new Endpoint("localhost", listener.getLocalPort()));
      served.get(20, TimeUnit.SECONDS);

      assertThat(names).containsExactly("localhost");
    }
  }

  @Test
  void nothingListeningIsUnreachable() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    Endpoint endpoint = new Endpoint("127.0.0.1", port);

    assertThatThrownBy(() -> probe.peerChain(endpoint))
        .isInstanceOf(EndpointUnreachableException.class)
        .hasMessageStartingWith("endpoint 127.0.0.1:" + port + ": cannot connect (");
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Endpoint endpoint = new Endpoint("127.0.0.1", silent.getLocalPort());
      EndpointProbe impatient = new EndpointProbe(Duration.ofMillis(300));

      assertThatThrownBy(() -> impatient.peerChain(endpoint))
          .isInstanceOf(EndpointUnreachableException.class)
          .hasMessage("endpoint " + endpoint + ": no answer within 300 ms");
    }
  }

  @Test
  void aServerThatDoesNotSpeakTlsIsSaidSo() throws Exception {
    try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> served =
          CompletableFuture.runAsync(
              () -> {
                try (Socket socket = plain.accept()) {
                  OutputStream out = socket.getOutputStream();
                  out.write(
                      "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                          .getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                  socket.getInputStream().read();
                } catch (IOException e) {
                  // the probe hangs up
                }
              });
      Endpoint endpoint = new Endpoint("127.0.0.1", plain.getLocalPort());

      assertThatThrownBy(() -> probe.peerChain(endpoint))
          .isInstanceOf(EndpointUnreachableException.class)
          .hasMessageStartingWith(
              "endpoint " + endpoint + ": the TLS handshake failed before a certificate was shown");
      served.get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void endpointsAreParsedFromHostAndPort() {
    assertThat(Endpoint.parse("repo.example.org:8443"))
        .contains(new Endpoint("repo.example.org", 8443));
    assertThat(Endpoint.parse("[::1]:443")).contains(new Endpoint("::1", 443));
    assertThat(Endpoint.parse("[::1]:443").orElseThrow()).hasToString("[::1]:443");
    assertThat(Endpoint.parse("10.0.0.1:443").orElseThrow().isIpLiteral()).isTrue();
    assertThat(Endpoint.parse("/etc/ssl/cert.pem")).isEmpty();
    assertThat(Endpoint.parse("repo:")).isEmpty();
  }

  private TlsPeer serverPeer(Authority authority, MutableClock clock) {
    return TlsPeer.start(dir.resolve("server"), authority, SERVER, PeerIdentity.any(), clock, 7);
  }

  private static SNIMatcher recording(List<String> names) {
    return new SNIMatcher(0) {
      @Override
      public boolean matches(SNIServerName name) {
        names.add(new String(name.getEncoded(), StandardCharsets.US_ASCII));
        return true;
      }
    };
  }
}
