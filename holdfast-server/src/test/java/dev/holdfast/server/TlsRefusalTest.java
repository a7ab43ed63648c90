package dev.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.server.remote.RemoteBlobStore;
import dev.holdfast.server.testing.Issued;
import dev.holdfast.server.testing.TestCa;
import dev.holdfast.server.testing.TestServer;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unauthenticated clients never reach a repository: the TLS handshake refuses a client without a
 * certificate, with one from another CA, or with an expired one, and the client says so in one
 * permanent failure (no retries). The client in turn refuses a server it does not trust.
 */
class TlsRefusalTest {
  @TempDir static Path tmp;

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(tmp);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aClientWithoutCertificateIsRefusedPermanently() throws Exception {
    TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
    trust.init(server.ca().trustStore());
    SSLContext noCertificate = SSLContext.getInstance("TLS");
    noCertificate.init(null, trust.getTrustManagers(), null);

    assertRefused(server.client(noCertificate, TestServer.MAIN), "certificate");
  }

  @Test
  void aClientCertificateFromAnotherCaIsRefused() {
    TestCa stranger = TestCa.create("another-ca");
    SSLContext foreign =
        stranger.client(TestServer.ADMIN.value()).sslContext(server.ca().trustStore());

    assertRefused(server.client(foreign, TestServer.MAIN), "certificate");
  }

  @Test
  void anExpiredClientCertificateIsRefused() {
    Instant now = Instant.now();
    Issued expired =
        server
            .ca()
            .issue(
                TestCa.Leaf.client("expired")
                    .withSans(
                        new GeneralName(
                            GeneralName.uniformResourceIdentifier, TestServer.ADMIN.value()))
                    .validBetween(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))));

    assertRefused(
        server.client(expired.sslContext(server.ca().trustStore()), TestServer.MAIN),
        "certificate");
  }

  @Test
  void aServerWhoseCaTheClientDoesNotTrustIsRefused() {
    KeyStore otherTrust = TestCa.create("not-the-servers-ca").trustStore();
    SSLContext distrusting = server.ca().client(TestServer.ADMIN.value()).sslContext(otherTrust);

    assertThatThrownBy(() -> server.client(distrusting, TestServer.MAIN).stat(BlobName.CONFIG))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessageContaining("the server's certificate is not trusted");
  }

  @Test
  void aValidClientCertificateIsAccepted() {
    assertThat(server.client(TestServer.ADMIN).stat(BlobName.CONFIG)).isEmpty();
  }

  private static void assertRefused(RemoteBlobStore client, String why) {
    assertThatThrownBy(() -> client.stat(BlobName.CONFIG))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessageContaining("the server refused this client's certificate")
        .hasMessageContaining(why);
  }
}
