package dev.holdfast.tls.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.testing.Connection;
import dev.holdfast.tls.testing.LoopbackServer;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TlsFixtures;
import dev.holdfast.tls.testing.TlsPeer;
import dev.holdfast.tls.trust.PeerIdentity;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer's certificate rotates while it serves: connections already open keep going on the old
 * certificate, and the very next handshake (even one that could have resumed a session) presents
 * the new one.
 */
class LeafRotationTest {
  private static final String SERVER_ID = "spiffe://holdfast/server";
  private static final String AGENT_ID = "spiffe://holdfast/agent/node-1";

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();

  @Test
  void anOpenConnectionOutlivesARotationAndTheNextHandshakePresentsTheNewCertificate()
      throws IOException {
    Authority authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    try (TlsPeer server = server(authority);
        LoopbackServer listener = LoopbackServer.start(server::context);
        TlsPeer agent = agent(authority);
        Connection open = Connection.open(agent.context(), listener.port())) {
      SerialNumber oldServer = server.serving().serial();
      SerialNumber oldAgent = agent.serving().serial();
      var oldServerKey = server.serving().privateKey();
      assertThat(open.exchange("one")).isEqualTo("one from " + oldAgent);

      CertifiedKey newServer = server.rotateNow(false);
      CertifiedKey newAgent = agent.rotateNow(false);

      assertThat(newServer.serial()).isNotEqualTo(oldServer);
      assertThat(newServer.privateKey()).isNotEqualTo(oldServerKey);
      assertThat(server.serving()).isEqualTo(newServer);
      assertThat(open.exchange("two")).isEqualTo("two from " + oldAgent);
      assertThat(open.serverSerial()).isEqualTo(oldServer);
      try (Connection next = Connection.open(agent.context(), listener.port())) {
        assertThat(next.serverSerial()).isEqualTo(newServer.serial());
        assertThat(next.exchange("three")).isEqualTo("three from " + newAgent.serial());
      }
      assertThat(open.exchange("four")).isEqualTo("four from " + oldAgent);
    }
  }

  @Test
  void aServerRotationAloneEndsSessionResumptionWithTheOldCertificate() throws IOException {
    Authority authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    try (TlsPeer server = server(authority);
        LoopbackServer listener = LoopbackServer.start(server::context);
        TlsPeer agent = agent(authority)) {
      try (Connection first = Connection.open(agent.context(), listener.port())) {
        first.exchange("hello"); // the client now holds a session ticket it would resume
      }
      CertifiedKey rotated = server.rotateNow(false);

      try (Connection next = Connection.open(agent.context(), listener.port())) {
        assertThat(next.serverSerial()).isEqualTo(rotated.serial());
      }
    }
  }

  @Test
  void aFixedContextWouldLetClientsResumeSessionsMadeWithTheOldCertificate() throws IOException {
    // Why SslContexts.reloading starts a new inner context: with one fixed context the reloaded
    // key manager is never asked, because the client resumes its session.
    Authority authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    try (TlsPeer server = server(authority);
        TlsPeer agent = agent(authority)) {
      var fixed =
          SslContexts.create(server.reloader().keyManager(), server.reloader().trustManager());
      try (LoopbackServer listener = LoopbackServer.start(() -> fixed)) {
        SerialNumber old = server.serving().serial();
        try (Connection first = Connection.open(agent.context(), listener.port())) {
          first.exchange("hello");
        }
        server.rotateNow(false);
        try (Connection next = Connection.open(agent.context(), listener.port())) {
          next.exchange("again");
          assertThat(next.serverSerial()).isEqualTo(old);
        }
      }
    }
  }

  private TlsPeer server(Authority authority) {
    return TlsPeer.start(
        dir.resolve("server"),
        authority,
        LeafRequest.of("repository-server", Usage.SERVER, SERVER_ID),
        PeerIdentity.uriPrefix("spiffe://holdfast/agent/"),
        clock,
        11);
  }

  private TlsPeer agent(Authority authority) {
    return TlsPeer.start(
        dir.resolve("agent"),
        authority,
        LeafRequest.of("agent-1", Usage.CLIENT, AGENT_ID),
        PeerIdentity.uri(SERVER_ID),
        clock,
        12);
  }
}
