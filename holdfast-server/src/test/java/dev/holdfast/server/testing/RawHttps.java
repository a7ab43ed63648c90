package dev.holdfast.server.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One TLS connection to a server on loopback that sends requests exactly as written, byte for byte
 * (no client library normalises the path or adds headers), and reads the answers; so that tests can
 * send what a hostile client would, and keep one connection open across a reload.
 */
public final class RawHttps implements Closeable {
  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;

  /** The answer to one request; header names are lower-case. */
  public record Answer(int status, Map<String, String> headers, byte[] body) {
    /** The body as text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private RawHttps(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects to {@code 127.0.0.1:port} with {@code tls} and completes the handshake. */
  public static RawHttps connect(SSLContext tls, int port) throws IOException {
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(60_000); // a bound against hanging, not a timing check
    socket.startHandshake();
    return new RawHttps(socket);
  }

  /** The certificate the server presented on this connection. */
  public X509Certificate serverCertificate() throws IOException {
    return (X509Certificate) socket.getSession().getPeerCertificates()[0];
  }

  /**
   * Sends {@code method target HTTP/1.1} with a Host header, {@code headers} (each a full line
   * without line end) and {@code body} (when not null, with its Content-Length unless a header
   * already says how the body is framed), and reads the answer.
   */
  public Answer exchange(String method, String target, byte[] body, String... headers)
      throws IOException {
    return exchange(method, target, body, Duration.ZERO, headers);
  }

  /**
   * As {@link #exchange(String, String, byte[], String...)}, sending the body only {@code pause}
   * after the head, as a client on a slow link does: long enough for the server to answer first if
   * it does not wait for the body.
   */
  public Answer exchange(
      String method, String target, byte[] body, Duration pause, String... headers)
      throws IOException {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\n");
    boolean framed = false;
    for (String header : headers) {
      head.append(header).append("\r\n");
      String lower = header.toLowerCase(Locale.ROOT);
      framed |= lower.startsWith("content-length:") || lower.startsWith("transfer-encoding:");
    }
    if (body != null && !framed) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      if (!pause.isZero()) {
        out.flush();
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted before sending the body", e);
        }
      }
      out.write(body);
    }
    out.flush();
    return read(method.equals("HEAD"));
  }

  private Answer read(boolean head) throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2) {
      throw new IOException("malformed status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    if (head || status == 204 || status == 304 || status / 100 == 1) {
      return new Answer(status, headers, new byte[0]);
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      return new Answer(status, headers, chunked());
    }
    String length = headers.get("content-length");
    byte[] body = length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
    return new Answer(status, headers, body);
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int size = Integer.parseInt(line().split(";")[0].trim(), 16);
        size > 0;
        size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
      body.write(in.readNBytes(size));
      line();
    }
    for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
      // trailers are not used by the protocol
    }
    return body.toByteArray();
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection ended in the middle of an answer");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
