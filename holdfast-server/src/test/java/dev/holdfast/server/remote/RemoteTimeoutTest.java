package dev.holdfast.server.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.server.testing.TestCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that takes a request and then goes quiet makes the request fail in its time, as a
 * transient failure the retry layer may repeat, whether the client waits for the answer or is still
 * sending an upload the server stopped reading (a blocked write has no timeout of its own). The
 * quiet server holds on until the test ends, so a client that waited for it would hang (and hit the
 * class's timeout) rather than fail.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RemoteTimeoutTest {
  /** One second, plus nothing for the body (a gigabyte a second is the slowest rate allowed). */
  private static final RemoteOptions IMPATIENT =
      new RemoteOptions(Duration.ofSeconds(5), Duration.ofSeconds(1), 1L << 30);

  private final TestCa ca = TestCa.create("timeout-ca");
  private final CountDownLatch release = new CountDownLatch(1);
  private SSLServerSocket listener;

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    if (listener != null) {
      listener.close();
    }
  }

  @Test
  void aServerThatNeverAnswersFailsTheRequestInItsTime() throws Exception {
    RemoteBlobStore client = clientOfQuietServer(false);

    assertThatThrownBy(() -> client.stat(BlobName.CONFIG))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessageContaining("the server did not answer in time");
  }

  @Test
  void anUploadTheServerStopsReadingIsCutInItsTime() throws Exception {
    RemoteBlobStore client = clientOfQuietServer(true);
    // Far more than the socket buffers hold, so that the write blocks.
    byte[] pack = new byte[64 << 20];

    assertThatThrownBy(() -> client.putIfAbsent(new BlobName(BlobKind.PACK, "ab".repeat(32)), pack))
        .isInstanceOfSatisfying(StorageUnavailable.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessageContaining("the server did not answer in time");
  }

  /**
   * A client of a TLS server on loopback that reads one request's headers, says "100 Continue" if
   * {@code invite}, and then neither reads nor answers until the test ends.
   */
  private RemoteBlobStore clientOfQuietServer(boolean invite) throws IOException {
    listener =
        (SSLServerSocket)
            ca.server()
                .sslContext(ca.trustStore())
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    listener.setNeedClientAuth(true);
    Thread server =
        new Thread(
            () -> {
              try (Socket connection = listener.accept()) {
                readHeaders(connection.getInputStream());
                if (invite) {
                  connection
                      .getOutputStream()
                      .write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  connection.getOutputStream().flush();
                }
                release.await();
              } catch (IOException | InterruptedException e) {
                // the test ended
              }
            },
            "quiet-server");
    server.setDaemon(true);
    server.start();
    return RemoteBlobStore.open(
        RemoteStoreLocation.parse("https://127.0.0.1:" + listener.getLocalPort() + "/main"),
        ca.client("spiffe://holdfast/test").sslContext(ca.trustStore()),
        IMPATIENT);
  }

  private static void readHeaders(InputStream in) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    while (!seen.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the request ended before its headers did");
      }
      seen.write(b);
    }
  }
}
