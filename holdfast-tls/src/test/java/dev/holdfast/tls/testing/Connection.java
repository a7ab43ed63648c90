package dev.holdfast.tls.testing;

import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.reload.SslContexts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A client's TLS connection to a {@link LoopbackServer}, after a full handshake. */
public final class Connection implements AutoCloseable {
  private final SSLSocket socket;
  private final BufferedReader in;
  private final PrintWriter out;

  private Connection(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    this.out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** Connects to 127.0.0.1 and handshakes. */
  public static Connection open(SSLContext context, int port) throws IOException {
    return open(context, "127.0.0.1", port, false);
  }

  /**
   * Connects to {@code host} and handshakes; with {@code verifyHost} the client asks for HTTPS
   * endpoint identification of the server's certificate.
   */
  public static Connection open(SSLContext context, String host, int port, boolean verifyHost)
      throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port);
    try {
      SSLParameters parameters = SslContexts.parameters(context, false);
      if (verifyHost) {
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
      }
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(20_000);
      socket.startHandshake();
      return new Connection(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends a line and returns the server's answer. In TLS 1.3 a client finishes its handshake before
   * the server has checked the client certificate, so a refusal shows here.
   */
  public String exchange(String line) throws IOException {
    out.println(line);
    String answer = in.readLine();
    if (answer == null) {
      throw new IOException("the server closed the connection");
    }
    return answer;
  }

  /** The serial of the certificate the server presented in this connection's handshake. */
  public SerialNumber serverSerial() throws IOException {
    return SerialNumber.of((X509Certificate) socket.getSession().getPeerCertificates()[0]);
  }

  public String protocol() {
    return socket.getSession().getProtocol();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
