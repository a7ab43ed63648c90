package dev.holdfast.tls.testing;

import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.reload.SslContexts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A real TLS server on loopback for tests: each accepted connection is wrapped by the SSLContext
 * current at that moment (as Jetty creates an engine per connection), handshakes with client
 * certificates required, and answers each line with "{@code <line> from <client serial>}".
 * Handshake failures are kept for the test to inspect.
 */
public final class LoopbackServer implements AutoCloseable {
  private final ServerSocket listener;
  private final Supplier<SSLContext> context;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

  private LoopbackServer(ServerSocket listener, Supplier<SSLContext> context) {
    this.listener = listener;
    this.context = context;
  }

  public static LoopbackServer start(Supplier<SSLContext> context) {
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      LoopbackServer server = new LoopbackServer(listener, context);
      server.threads.execute(server::acceptLoop);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** The next handshake or connection failure, waiting up to ten seconds for it. */
  public Throwable nextFailure() throws InterruptedException {
    Throwable failure = failures.poll(10, TimeUnit.SECONDS);
    if (failure == null) {
      throw new AssertionError("the server saw no failure");
    }
    return failure;
  }

  /** Failures seen so far, without waiting. */
  public int failureCount() {
    return failures.size();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket raw = listener.accept();
        threads.execute(() -> serve(raw));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket raw) {
    SSLContext current = context.get();
    try (SSLSocket socket =
        (SSLSocket) current.getSocketFactory().createSocket(raw, null, raw.getPort(), true)) {
      socket.setUseClientMode(false);
      socket.setSSLParameters(SslContexts.parameters(current, true));
      socket.startHandshake();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        X509Certificate client = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        out.println(line + " from " + SerialNumber.of(client));
      }
    } catch (IOException | RuntimeException e) {
      failures.add(e);
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    threads.shutdownNow();
  }
}
