package dev.holdfast.tls.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.tls.OperationRefusedException;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.testing.Connection;
import dev.holdfast.tls.testing.LoopbackServer;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TlsFixtures;
import dev.holdfast.tls.testing.TlsPeer;
import dev.holdfast.tls.trust.PeerIdentity;
import dev.holdfast.tls.trust.RefusedCertificateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CA rotation walked through every state with a server and a client that load the new trust
 * bundle and renew their certificates at different moments: a real handshake succeeds after every
 * single event. A second test shows what the waiting prevents.
 */
class CaRotationHandshakeTest {
  private static final String SERVER_ID = "spiffe://holdfast/server";
  private static final String AGENT_ID = "spiffe://holdfast/agent/node-1";

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private Authority authority;
  private TlsPeer server;
  private TlsPeer agent;
  private LoopbackServer listener;
  private int handshakes;

  @BeforeEach
  void start() {
    authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    server =
        TlsPeer.start(
            dir.resolve("server"),
            authority,
            LeafRequest.of("repository-server", Usage.SERVER, SERVER_ID),
            PeerIdentity.uriPrefix("spiffe://holdfast/agent/"),
            clock,
            21);
    agent =
        TlsPeer.start(
            dir.resolve("agent"),
            authority,
            LeafRequest.of("agent-1", Usage.CLIENT, AGENT_ID),
            PeerIdentity.uri(SERVER_ID),
            clock,
            22);
    listener = LoopbackServer.start(server::context);
  }

  @AfterEach
  void stop() throws IOException {
    listener.close();
    server.close();
    agent.close();
  }

  @Test
  void everyHandshakeSucceedsThroughAWholeCaRotation() throws IOException {
    handshakeSucceeds("stable on CA 1");

    RotationState introducing = authority.beginRotation();
    assertThat(introducing.phase()).isEqualTo(RotationPhase.INTRODUCING);
    assertThat(introducing.signing()).isEqualTo(1);
    assertThat(published()).containsExactly("CN=Holdfast CA 1", "CN=Holdfast CA 2");
    handshakeSucceeds("CA 2 published, nobody has loaded it");
    assertThat(server.refresh().trustReloaded()).isTrue();
    handshakeSucceeds("the server trusts CA 1 and 2, the agent CA 1 only");
    assertThatThrownBy(authority::advance)
        .isInstanceOf(OperationRefusedException.class)
        .hasMessageContaining("CA generation 2 joined the trust bundle at 2026-03-01T08:00:00Z")
        .hasMessageContaining("so it signs from 2026-03-01T08:10:00Z");
    assertThat(agent.refresh().trustReloaded()).isTrue();
    handshakeSucceeds("both trust CA 1 and 2");

    clock.advance(Duration.ofMinutes(10));
    RotationState reissuing = authority.advance();
    assertThat(reissuing.phase()).isEqualTo(RotationPhase.REISSUING);
    assertThat(Certificates.subject(authority.signingCertificate())).isEqualTo("CN=Holdfast CA 2");
    handshakeSucceeds("CA 2 signs, both peers still on CA 1 leaves");
    assertThat(server.renewIfDue().reason()).contains("but CN=Holdfast CA 2 signs now");
    server.reload();
    assertThat(Certificates.issuer(server.serving().certificate())).isEqualTo("CN=Holdfast CA 2");
    handshakeSucceeds("the server presents a CA 2 leaf, the agent a CA 1 leaf");
    assertThatThrownBy(authority::advance)
        .isInstanceOf(OperationRefusedException.class)
        .hasMessageContaining("2 leaves signed by CA generation 1 are still valid")
        .hasMessageContaining("the last until 2026-03-02T08:00:00Z");
    assertThat(agent.renewIfDue().renewed()).isTrue();
    agent.reload();
    handshakeSucceeds("both present CA 2 leaves");
    assertThatThrownBy(authority::advance)
        .as("the replaced CA 1 leaves are unexpired, and a peer may still present one")
        .isInstanceOf(OperationRefusedException.class);

    clock.advance(Duration.ofHours(24)); // the CA 1 leaves expire; the CA 2 ones renew
    assertThat(server.renewIfDue().renewed()).isTrue();
    assertThat(agent.renewIfDue().renewed()).isTrue();
    server.reload();
    agent.reload();
    handshakeSucceeds("renewed under CA 2");
    RotationState retiring = authority.advance();
    assertThat(retiring.phase()).isEqualTo(RotationPhase.RETIRING);
    assertThat(published()).containsExactly("CN=Holdfast CA 2");
    assertThat(dir.resolve("ca/ca-1/ca.key")).doesNotExist();
    handshakeSucceeds("CA 1 left the published bundle, nobody has dropped it");
    server.refresh();
    handshakeSucceeds("the server trusts CA 2 only, the agent CA 1 and 2");
    agent.refresh();
    handshakeSucceeds("both trust CA 2 only");
    assertThatThrownBy(authority::advance)
        .isInstanceOf(OperationRefusedException.class)
        .hasMessageContaining("peers may trust retired CA generation 1 until");

    clock.advance(Duration.ofMinutes(10));
    RotationState stable = authority.advance();
    assertThat(stable.phase()).isEqualTo(RotationPhase.STABLE);
    assertThat(stable.current()).isEqualTo(2);
    assertThat(dir.resolve("ca/ca-1")).doesNotExist();
    handshakeSucceeds("stable on CA 2");
    assertThat(handshakes).isEqualTo(12);
    assertThat(listener.failureCount()).isZero();
  }

  @Test
  void signingWithTheNewCaBeforePeersLoadedItWouldBreakHandshakes() throws IOException {
    authority.beginRotation();
    authority.forceAdvance(); // skips the propagation delay, as only an emergency should
    server.renewIfDue();
    server.reload();

    RefusedCertificateException refusal = null;
    try (Connection connection = Connection.open(agent.context(), listener.port())) {
      connection.exchange("hello");
    } catch (IOException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof RefusedCertificateException refused) {
          refusal = refused;
        }
      }
    }
    assertThat(refusal).isNotNull();
    assertThat(refusal)
        .hasMessageContaining("is issued by CN=Holdfast CA 2, which is not a trusted CA");
  }

  private void handshakeSucceeds(String moment) throws IOException {
    try (Connection connection = Connection.open(agent.context(), listener.port())) {
      assertThat(connection.exchange(moment))
          .as(moment)
          .isEqualTo(moment + " from " + agent.serving().serial());
      assertThat(connection.serverSerial()).as(moment).isEqualTo(server.serving().serial());
      handshakes++;
    }
  }

  private List<String> published() throws IOException {
    assertThat(Files.exists(authority.trustFiles().crls())).isTrue();
    return Pem.readCertificates(authority.trustFiles().bundle()).stream()
        .map(Certificates::subject)
        .toList();
  }
}
