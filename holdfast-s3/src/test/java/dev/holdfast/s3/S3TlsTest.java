package dev.holdfast.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.s3.testing.S3ProxyServer;
import dev.holdfast.s3.testing.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private endpoint over HTTPS: S3Proxy serving a self-signed certificate is refused with a clear,
 * permanent failure unless its certificate is given as the CA bundle.
 */
class S3TlsTest {
  @TempDir static Path tmp;

  private static SelfSignedCertificate certificate;
  private static S3ProxyServer server;

  @BeforeAll
  static void startHttpsServer() {
    certificate = SelfSignedCertificate.create(tmp.resolve("server"), "ip:127.0.0.1");
    server = S3ProxyServer.https(certificate);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void withoutTheCaBundleTheServerIsRefusedClearly() {
    S3Location location = server.newBucket("repo");
    try (S3BlobStore store = S3BlobStore.open(location, server.options().build())) {
      assertThatThrownBy(() -> store.stat(BlobName.CONFIG))
          .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
          .hasMessageContaining("the server's TLS certificate is not trusted")
          .hasMessageContaining("--ca-cert");
    }
  }

  @Test
  void withTheCaBundleTheStoreWorks() {
    S3Location location = server.newBucket("repo");
    S3Options trusting = server.options().caBundle(certificate.certificatePem()).build();
    BlobName snapshot = new BlobName(BlobKind.SNAPSHOT, "ab12");
    try (S3BlobStore store = S3BlobStore.open(location, trusting)) {
      assertThat(store.putIfAbsent(snapshot, new byte[] {1, 2, 3})).isTrue();
      assertThat(store.get(snapshot)).containsExactly(1, 2, 3);
    }
  }

  @Test
  void aBundleOfAnotherCaIsRefused() {
    SelfSignedCertificate other =
        SelfSignedCertificate.create(tmp.resolve("other"), "ip:127.0.0.1");
    S3Options trustingOther = server.options().caBundle(other.certificatePem()).build();
    try (S3BlobStore store = S3BlobStore.open(server.newBucket("repo"), trustingOther)) {
      assertThatThrownBy(() -> store.list(BlobKind.INDEX))
          .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
          .hasMessageContaining("not trusted");
    }
  }

  @Test
  void aCertificateForAnotherHostIsRefused() {
    SelfSignedCertificate elsewhere =
        SelfSignedCertificate.create(tmp.resolve("elsewhere"), "dns:s3.example.org");
    try (S3ProxyServer misnamed = S3ProxyServer.https(elsewhere);
        S3BlobStore store =
            S3BlobStore.open(
                new S3Location(java.util.Optional.of(misnamed.endpoint()), "some-bucket", "repo"),
                misnamed.options().caBundle(elsewhere.certificatePem()).build())) {
      assertThatThrownBy(() -> store.stat(BlobName.CONFIG))
          .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isTrue())
          .hasMessageContaining("not trusted");
    }
  }

  @Test
  void unusableCaBundlesAreUsageErrorsNamingTheFile() throws Exception {
    S3Location location = server.newBucket("repo");
    Path missing = tmp.resolve("missing.pem");
    Path empty = Files.writeString(tmp.resolve("empty.pem"), "");
    Path garbage =
        Files.writeString(tmp.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nxx\n");

    for (Path bundle : new Path[] {missing, empty, garbage}) {
      assertThatThrownBy(
              () -> S3BlobStore.open(location, server.options().caBundle(bundle).build()))
          .as("%s", bundle)
          .isInstanceOf(UsageError.class)
          .hasMessageContaining(bundle.toString());
    }
  }
}
