package dev.holdfast.server.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.server.testing.TestServer;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lazy default behaves as the JDK's own for a connection that keeps it. */
class LazyDefaultTlsTest {
  @TempDir Path tmp;

  @Test
  void aConnectionThatKeepsTheDefaultTrustsWhatTheJdkTrustsAndNothingElse() throws IOException {
    LazyDefaultTls.install();
    assertThat(HttpsURLConnection.getDefaultSSLSocketFactory()).isInstanceOf(LazyDefaultTls.class);
    try (TestServer server = TestServer.start(tmp)) {
      HttpURLConnection bare =
          (HttpURLConnection)
              URI.create("https://127.0.0.1:" + server.server().port() + "/main/config")
                  .toURL()
                  .openConnection();

      // The test authority is not among the JDK's: the JDK's trust manager refuses the server.
      assertThatThrownBy(bare::getResponseCode)
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("PKIX");
    }
  }

  @Test
  void itOffersTheJdksCipherSuites() {
    LazyDefaultTls.install();
    SSLSocketFactory jdk = (SSLSocketFactory) SSLSocketFactory.getDefault();

    SSLSocketFactory lazy = HttpsURLConnection.getDefaultSSLSocketFactory();

    assertThat(lazy.getDefaultCipherSuites()).containsExactly(jdk.getDefaultCipherSuites());
    assertThat(lazy.getSupportedCipherSuites()).containsExactly(jdk.getSupportedCipherSuites());
  }
}
