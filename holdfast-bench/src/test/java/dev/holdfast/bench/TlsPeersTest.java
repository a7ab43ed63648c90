package dev.holdfast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.bench.TlsPeers.Handshake;
import dev.holdfast.tls.ca.KeyAlgorithm;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The handshake benchmark measures what it says: full handshakes authenticate both sides with
 * certificates of the chosen algorithm, and a client naming the same server resumes the session
 * without any certificate being sent, which the benchmark's check tells apart.
 */
class TlsPeersTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void aFullHandshakeAuthenticatesBothSidesAndTheNextOneResumesIt(KeyAlgorithm algorithm)
      throws Exception {
    TlsPeers peers = TlsPeers.issue(dir, algorithm);

    Handshake first = peers.handshake(true);
    Handshake resumed = peers.handshake(true);
    Handshake full = peers.handshake(false);

    assertThat(first.client().getProtocol()).isEqualTo("TLSv1.3");
    String keyType = algorithm == KeyAlgorithm.RSA_3072 ? "RSA" : "EC";
    assertThat(((X509Certificate) first.client().getPeerCertificates()[0]).getPublicKey())
        .as("the server's key")
        .satisfies(key -> assertThat(key.getAlgorithm()).isEqualTo(keyType));
    assertThat(((X509Certificate) first.server().getPeerCertificates()[0]).getPublicKey())
        .as("the client's key")
        .satisfies(key -> assertThat(key.getAlgorithm()).isEqualTo(keyType));

    assertThat(resumed.resumed(first)).as("resumed").isTrue();
    assertThat(resumed.serverBytes() + peers.serverCertificateBytes())
        .as("a resumed handshake sends no certificate")
        .isLessThanOrEqualTo(first.serverBytes());
    assertThat(resumed.server().getPeerCertificates()[0])
        .as("the server still knows the client it resumed")
        .isEqualTo(first.server().getPeerCertificates()[0]);

    assertThat(full.resumed(first)).as("a client naming no server resumes nothing").isFalse();
    assertThat(full.serverBytes()).isGreaterThan(resumed.serverBytes());
  }
}
