package dev.holdfast.server.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Asks the server, on a fresh connection, whether it refuses this client's certificate. In TLS 1.3
 * a client finishes its half of the handshake before the server has judged its certificate; the
 * server's alert then arrives where the client waits for its first answer, and a client that writes
 * its request first may see only a broken connection. When a request fails that way, this probe
 * makes a handshake and only reads: a refusing server sends its alert at once, an accepting one
 * sends nothing, and the wait ends after {@code patience}.
 */
final class RefusalProbe {
  private RefusalProbe() {}

  /** The server's refusal of this client's certificate, if that is what it answers now. */
  static Optional<SSLException> refusal(
      TlsSockets sockets, RemoteStoreLocation location, Duration patience) {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, patience.toMillis()));
    String host = location.host();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // an IPv6 literal
    }
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, location.port()), millis);
      try (SSLSocket tls = (SSLSocket) sockets.createSocket(plain, host, location.port(), false)) {
        tls.setSoTimeout(millis);
        tls.startHandshake();
        tls.getInputStream().read();
      }
    } catch (SSLException e) {
      return RemoteFailures.isRefusal(e) ? Optional.of(e) : Optional.empty();
    } catch (IOException e) {
      // accepted (nothing came within the patience), closed, or unreachable: no refusal seen
    }
    return Optional.empty();
  }
}
