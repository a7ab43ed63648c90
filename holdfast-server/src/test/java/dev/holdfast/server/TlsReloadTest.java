package dev.holdfast.server;

import static dev.holdfast.server.testing.TestServer.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.server.testing.Issued;
import dev.holdfast.server.testing.RawHttps;
import dev.holdfast.server.testing.TestCa;
import dev.holdfast.server.testing.TestServer;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server takes new TLS material in place: after {@link RepositoryServer#reloadTls()} new
 * handshakes get the new certificate, while a connection opened before carries on serving requests
 * with the old one; nothing is restarted and no request fails.
 */
class TlsReloadTest {
  @TempDir Path tmp;

  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(tmp);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void newHandshakesSeeTheNewCertificateWhileAnOpenConnectionContinues() throws Exception {
    SSLContext client = server.tls(ADMIN);
    try (RawHttps before = RawHttps.connect(client, server.server().port())) {
      X509Certificate old = before.serverCertificate();
      assertThat(before.exchange("GET", "/main/", null).status()).isEqualTo(200);

      Issued renewed = server.ca().server();
      server.serveCertificate(renewed);
      server.server().reloadTls();

      assertThat(before.exchange("GET", "/main/", null).status())
          .as("a request on the connection opened before the reload")
          .isEqualTo(200);
      assertThat(before.serverCertificate()).isEqualTo(old);
      try (RawHttps after = RawHttps.connect(client, server.server().port())) {
        assertThat(after.serverCertificate()).isEqualTo(renewed.certificate());
        assertThat(after.serverCertificate()).isNotEqualTo(old);
        assertThat(after.exchange("GET", "/main/", null).status()).isEqualTo(200);
      }
    }
    assertThat(server.client(ADMIN).stat(BlobName.CONFIG)).isEmpty();
  }

  @Test
  void aReloadedCertificateThatDoesNotNameTheHostIsRefusedByClients() {
    Issued elsewhere =
        server
            .ca()
            .issue(
                TestCa.Leaf.server("elsewhere")
                    .withSans(new GeneralName(GeneralName.dNSName, "elsewhere.example")));
    server.serveCertificate(elsewhere);
    server.server().reloadTls();

    assertThatThrownBy(() -> server.client(ADMIN).stat(BlobName.CONFIG))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessageContaining("not trusted or does not name 127.0.0.1");
  }
}
