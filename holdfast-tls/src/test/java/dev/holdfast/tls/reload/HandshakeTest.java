package dev.holdfast.tls.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.RevocationReason;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.testing.Connection;
import dev.holdfast.tls.testing.LoopbackServer;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TlsFixtures;
import dev.holdfast.tls.testing.TlsPeer;
import dev.holdfast.tls.trust.PeerIdentity;
import dev.holdfast.tls.trust.RefusedCertificateException;
import dev.holdfast.tls.trust.RefusedCertificateException.Reason;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS handshakes on loopback between peers whose material comes from a real authority: mutual
 * authentication works, and every kind of bad certificate is refused by the side that checks it,
 * with a message naming the certificate and the reason.
 */
class HandshakeTest {
  private static final String SERVER_ID = "spiffe://holdfast/server";
  private static final String AGENT_ID = "spiffe://holdfast/agent/node-1";
  private static final LeafRequest SERVER =
      LeafRequest.of("repository-server", Usage.SERVER, SERVER_ID)
          .withDnsNames("localhost")
          .withIpAddresses("127.0.0.1");
  private static final LeafRequest AGENT = LeafRequest.of("agent-1", Usage.CLIENT, AGENT_ID);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private Authority authority;
  private TlsPeer server;
  private LoopbackServer listener;

  @BeforeEach
  void startServer() {
    authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    server = serverPeer(SERVER);
    listener = LoopbackServer.start(server::context);
  }

  @AfterEach
  void stop() throws IOException {
    listener.close();
    server.close();
  }

  @Test
  void mutualAuthenticationSucceedsAndEachSideSeesTheOthersCertificate() throws IOException {
    try (TlsPeer agent = agentPeer(AGENT);
        Connection connection = Connection.open(agent.context(), listener.port())) {
      assertThat(connection.exchange("hello")).isEqualTo("hello from " + agent.serving().serial());
      assertThat(connection.serverSerial()).isEqualTo(server.serving().serial());
      assertThat(connection.protocol()).isEqualTo("TLSv1.3");
    }
  }

  @Test
  void serverRefusesAnExpiredClientCertificate() throws Exception {
    try (TlsPeer agent = agentPeer(AGENT.withLifetime(Duration.ofHours(1)))) {
      SerialNumber serial = agent.serving().serial();
      clock.advance(Duration.ofHours(2));

      RefusedCertificateException refusal = serverRefuses(agent);

      assertThat(refusal.reason()).isEqualTo(Reason.EXPIRED);
      assertThat(refusal)
          .hasMessageContaining("client certificate CN=agent-1 (serial " + serial + ") expired at")
          .hasMessageContaining("(now 2026-03-01T10:00:00Z)");
    }
  }

  @Test
  void serverRefusesAClientCertificateThatIsNotValidYet() throws Exception {
    clock.advance(Duration.ofDays(1));
    try (TlsPeer agent = agentPeer(AGENT)) {
      clock.advance(Duration.ofDays(-1));

      RefusedCertificateException refusal = serverRefuses(agent);

      assertThat(refusal.reason()).isEqualTo(Reason.NOT_YET_VALID);
      assertThat(refusal)
          .hasMessageContaining("client certificate CN=agent-1 (serial " + agent.serving().serial())
          .hasMessageContaining("is not valid yet: valid from 2026-03-02T07:55:00Z");
    }
  }

  @Test
  void serverRefusesAClientCertificateFromAnotherCa() throws Exception {
    Authority other = TlsFixtures.authority(dir.resolve("other-ca"), "Other CA", clock);
    try (TlsPeer agent =
        TlsPeer.start(
            dir.resolve("agent"), other, authority, AGENT, PeerIdentity.uri(SERVER_ID), clock, 7)) {
      RefusedCertificateException refusal = serverRefuses(agent);

      assertThat(refusal.reason()).isEqualTo(Reason.UNTRUSTED_ISSUER);
      assertThat(refusal)
          .hasMessageContaining("client certificate CN=agent-1 (serial " + agent.serving().serial())
          .hasMessageContaining(
              "is issued by CN=Other CA 1, which is not a trusted CA (trusted: CN=Holdfast CA 1)");
    }
  }

  @Test
  void serverRefusesARevokedClientCertificateOnceItLoadsTheNewCrl() throws Exception {
    try (TlsPeer agent = agentPeer(AGENT)) {
      SerialNumber serial = agent.serving().serial();
      try (Connection before = Connection.open(agent.context(), listener.port())) {
        assertThat(before.exchange("before")).isEqualTo("before from " + serial);
      }
      authority.revoke(serial, RevocationReason.KEY_COMPROMISE);
      assertThat(server.refresh().trustReloaded()).isTrue();

      RefusedCertificateException refusal = serverRefuses(agent);

      assertThat(refusal.reason()).isEqualTo(Reason.REVOKED);
      assertThat(refusal)
          .hasMessageContaining("client certificate CN=agent-1 (serial " + serial + ")")
          .hasMessageContaining("was revoked at 2026-03-01T08:00:00Z (key_compromise)");
    }
  }

  @Test
  void clientRefusesAServerThatDoesNotNameTheExpectedIdentity() throws Exception {
    try (TlsPeer impostor =
            serverPeer(
                LeafRequest.of("repository-server", Usage.SERVER, "spiffe://holdfast/impostor"));
        LoopbackServer impostorListener = LoopbackServer.start(impostor::context);
        TlsPeer agent = agentPeer(AGENT)) {
      RefusedCertificateException refusal = clientRefuses(agent, impostorListener);

      assertThat(refusal.reason()).isEqualTo(Reason.WRONG_IDENTITY);
      assertThat(refusal)
          .hasMessageContaining(
              "server certificate CN=repository-server (serial " + impostor.serving().serial())
          .hasMessageContaining(
              "names [URI:spiffe://holdfast/impostor] but URI:spiffe://holdfast/server is required");
    }
  }

  @Test
  void serverRefusesAServerOnlyCertificateUsedByAClient() throws Exception {
    try (TlsPeer agent = agentPeer(LeafRequest.of("agent-1", Usage.SERVER, AGENT_ID))) {
      RefusedCertificateException refusal = serverRefuses(agent);

      assertThat(refusal.reason()).isEqualTo(Reason.WRONG_USAGE);
      assertThat(refusal)
          .hasMessageContaining("client certificate CN=agent-1 (serial " + agent.serving().serial())
          .hasMessageContaining(
              "is not valid for TLS client authentication: its extended key usage lacks"
                  + " clientAuth (it has serverAuth)");
    }
  }

  @Test
  void clientRefusesAClientOnlyCertificateUsedByAServer() throws Exception {
    try (TlsPeer clientOnly =
            serverPeer(LeafRequest.of("repository-server", Usage.CLIENT, SERVER_ID));
        LoopbackServer clientOnlyListener = LoopbackServer.start(clientOnly::context);
        TlsPeer agent = agentPeer(AGENT)) {
      RefusedCertificateException refusal = clientRefuses(agent, clientOnlyListener);

      assertThat(refusal.reason()).isEqualTo(Reason.WRONG_USAGE);
      assertThat(refusal)
          .hasMessageContaining("server certificate CN=repository-server")
          .hasMessageContaining("its extended key usage lacks serverAuth (it has clientAuth)");
    }
  }

  @Test
  void aCertificateForBothRolesServesAndConnects() throws IOException {
    try (TlsPeer both = serverPeer(LeafRequest.of("node-agent", Usage.BOTH, SERVER_ID, AGENT_ID));
        LoopbackServer bothListener = LoopbackServer.start(both::context);
        TlsPeer agent = agentPeer(LeafRequest.of("agent-1", Usage.BOTH, AGENT_ID));
        Connection connection = Connection.open(agent.context(), bothListener.port())) {
      assertThat(connection.exchange("ping")).isEqualTo("ping from " + agent.serving().serial());
    }
  }

  @Test
  void clientChecksTheHostNameWhenItAsksForEndpointIdentification() throws Exception {
    try (TlsPeer agent = agentPeer(AGENT)) {
      try (Connection byName =
              Connection.open(agent.context(), "localhost", listener.port(), true);
          Connection byAddress =
              Connection.open(agent.context(), "127.0.0.1", listener.port(), true)) {
        assertThat(byName.exchange("a")).startsWith("a from");
        assertThat(byAddress.exchange("b")).startsWith("b from");
      }
      try (TlsPeer elsewhere =
              serverPeer(
                  LeafRequest.of("repository-server", Usage.SERVER, SERVER_ID)
                      .withDnsNames("repo.example.org"));
          LoopbackServer elsewhereListener = LoopbackServer.start(elsewhere::context)) {
        Throwable failure =
            catchFailure(
                () ->
                    Connection.open(agent.context(), "localhost", elsewhereListener.port(), true));
        RefusedCertificateException refusal = refusal(failure);
        assertThat(refusal.reason()).isEqualTo(Reason.WRONG_IDENTITY);
        assertThat(refusal)
            .hasMessageContaining(
                "names [DNS:repo.example.org, URI:spiffe://holdfast/server], not host localhost");
      }
    }
  }

  @Test
  void serverRefusesAClientWithoutACertificate() throws Exception {
    try (TlsPeer agent = agentPeer(AGENT)) {
      SSLContext anonymous = SSLContext.getInstance("TLS");
      anonymous.init(null, new TrustManager[] {agent.reloader().trustManager()}, null);

      assertThatThrownBy(
              () -> {
                try (Connection connection = Connection.open(anonymous, listener.port())) {
                  connection.exchange("anyone?");
                }
              })
          .isInstanceOf(IOException.class);
      assertThat(listener.nextFailure())
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("Empty client certificate chain");
    }
  }

  private TlsPeer serverPeer(LeafRequest request) {
    return TlsPeer.start(
        dir.resolve("server-" + System.identityHashCode(request)),
        authority,
        request,
        PeerIdentity.uriPrefix("spiffe://holdfast/agent/"),
        clock,
        1);
  }

  private TlsPeer agentPeer(LeafRequest request) {
    return TlsPeer.start(
        dir.resolve("agent"), authority, request, PeerIdentity.uri(SERVER_ID), clock, 2);
  }

  /** Connects and talks; the server must refuse, and its refusal is returned. */
  private RefusedCertificateException serverRefuses(TlsPeer agent) throws Exception {
    assertThatThrownBy(
            () -> {
              try (Connection connection = Connection.open(agent.context(), listener.port())) {
                connection.exchange("let me in");
              }
            })
        .isInstanceOf(IOException.class);
    return refusal(listener.nextFailure());
  }

  private static RefusedCertificateException clientRefuses(TlsPeer agent, LoopbackServer to) {
    return refusal(catchFailure(() -> Connection.open(agent.context(), to.port())));
  }

  private interface Attempt {
    AutoCloseable run() throws Exception;
  }

  private static Throwable catchFailure(Attempt attempt) {
    AutoCloseable opened;
    try {
      opened = attempt.run();
    } catch (Exception e) {
      return e;
    }
    try {
      opened.close();
    } catch (Exception e) {
      // the handshake succeeded, which is the failure reported below
    }
    throw new AssertionError("the handshake succeeded");
  }

  /** The refusal of our trust manager somewhere in {@code failure}'s causes. */
  static RefusedCertificateException refusal(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RefusedCertificateException refused) {
        return refused;
      }
    }
    throw new AssertionError("no certificate refusal in " + failure, failure);
  }
}
