package dev.holdfast.server.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Asks the server, on fresh connections, whether it refuses this client's certificate. In TLS 1.3 a
 * client finishes its half of the handshake before the server has judged its certificate; the
 * server's alert then arrives where the client waits for its first answer, and a client that writes
 * its request first may see only a broken connection. When a request fails that way, the probe
 * makes a handshake and only listens: a refusing server sends its alert and closes at once, an
 * accepting one waits for a request, and the probe gives up after {@code patience}.
 *
 * <p>A server closing with unread bytes from the client resets the connection, and the reset can
 * overtake its alert; so a probe that saw the connection end without an alert tries again, and when
 * every attempt ends that way the server is taken to refuse the certificate without saying why (an
 * accepting server never closes a connection it has just accepted).
 */
final class RefusalProbe {
  private static final int ATTEMPTS = 3;

  private RefusalProbe() {}

  /**
   * How the server refuses this client's certificate, if it does now: the TLS alert it sent, or a
   * description of how it ended the connection.
   */
  static Optional<Refusal> refusal(
      TlsSockets sockets, RemoteStoreLocation location, Duration patience) {
    Refusal silent = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Outcome outcome = listen(sockets, location, patience);
      if (outcome.refusal != null && outcome.refusal.alerted()) {
        return Optional.of(outcome.refusal);
      }
      if (outcome.refusal == null) {
        return Optional.empty(); // the server took the connection, or was not reached
      }
      silent = outcome.refusal;
    }
    return Optional.ofNullable(silent);
  }

  /** One handshake, then listening until the server says or does something, or patience ends. */
  private static Outcome listen(
      TlsSockets sockets, RemoteStoreLocation location, Duration patience) {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, patience.toMillis()));
    String host = location.host();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // an IPv6 literal
    }
    try (Socket plain = new Socket()) {
      try {
        plain.connect(new InetSocketAddress(host, location.port()), millis);
      } catch (IOException e) {
        return new Outcome(null); // not reached: nothing to learn
      }
      try (SSLSocket tls = (SSLSocket) sockets.createSocket(plain, host, location.port(), false)) {
        tls.setSoTimeout(millis);
        try {
          tls.startHandshake();
        } catch (SSLException e) {
          String alert = RemoteFailures.refusalAlert(e);
          // Any other handshake failure is not about this client's certificate.
          return new Outcome(alert == null ? null : new Refusal("TLS alert " + alert, true, e));
        } catch (SocketTimeoutException e) {
          return new Outcome(null);
        } catch (IOException e) {
          return silent("it broke off the handshake", e);
        }
        if (tls.getInputStream().read() < 0) {
          return silent("it closed the connection right after the handshake", null);
        }
        return new Outcome(null); // it sent data before any request: not a refusal we know
      } catch (SSLException e) {
        String alert = RemoteFailures.refusalAlert(e);
        return alert == null
            ? silent("it ended the connection right after the handshake", e)
            : new Outcome(new Refusal("TLS alert " + alert, true, e));
      } catch (SocketTimeoutException e) {
        return new Outcome(null); // accepted: the server waits for a request
      } catch (IOException e) {
        return silent("it reset the connection right after the handshake", e);
      }
    } catch (IOException e) {
      return new Outcome(null); // closing the probe's socket failed: nothing learnt from that
    }
  }

  private static Outcome silent(String how, IOException cause) {
    return new Outcome(new Refusal(how, false, cause));
  }

  private record Outcome(Refusal refusal) {}

  /**
   * A refusal: {@code how} names the TLS alert the server sent or, when none arrived, how it ended
   * the connection; {@code cause} is what the probe caught, if anything.
   */
  record Refusal(String how, boolean alerted, IOException cause) {}
}
