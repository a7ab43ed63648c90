package dev.holdfast.core.testing;

import dev.holdfast.core.concurrent.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback between a client and a server, standing in for the network: it counts the
 * connections clients open through it, and can cut every response short after a number of bytes,
 * either closing the connection (the body ends early) or resetting it. Bytes pass unchanged, so S3
 * signatures still match and TLS runs end to end through it.
 */
public final class CuttingProxy implements AutoCloseable {
  /** How a response is cut. */
  public enum Cut {
    /** The proxy closes the connection: the client reads the end of the stream. */
    CLOSE,
    /** The proxy resets the connection: the client's read fails. */
    RESET
  }

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(DaemonThreads.named("cutting-proxy"));
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile long responseLimit = Long.MAX_VALUE;
  private volatile Cut cut = Cut.CLOSE;

  private CuttingProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /** A proxy to the server at {@code server} ({@code scheme://host:port}), passing everything. */
  public static CuttingProxy to(URI server) {
    return to(server.getHost(), server.getPort());
  }

  /** A proxy to the server at {@code host:port}, passing everything. */
  public static CuttingProxy to(String host, int port) {
    try {
      return new CuttingProxy(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a proxy to " + host + ":" + port, e);
    }
  }

  /** The port the proxy listens on, on the loopback address. */
  public int port() {
    return listener.getLocalPort();
  }

  /** The proxy's address as {@code scheme://127.0.0.1:port}. */
  public URI endpoint(String scheme) {
    return URI.create(scheme + "://" + listener.getInetAddress().getHostAddress() + ":" + port());
  }

  /**
   * Cuts the responses of connections opened from now on after {@code bytes} bytes (headers
   * included) on each connection.
   */
  public void cutResponsesAfter(long bytes, Cut how) {
    this.cut = how;
    this.responseLimit = bytes;
  }

  /** Lets connections opened from now on pass whole. */
  public void passThrough() {
    this.responseLimit = Long.MAX_VALUE;
  }

  /** How many connections clients have opened through the proxy so far. */
  public int connections() {
    return connections.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        connections.incrementAndGet();
        open.add(client);
        threads.execute(() -> serve(client, responseLimit, cut));
      } catch (IOException e) {
        return; // the proxy was closed
      }
    }
  }

  /** Forwards one connection both ways until either side ends it or the limit is reached. */
  private void serve(Socket client, long limit, Cut how) {
    try (client;
        Socket server = new Socket(target.getAddress(), target.getPort())) {
      open.add(server);
      threads.execute(() -> forward(client, server, Long.MAX_VALUE));
      if (forward(server, client, limit) && how == Cut.RESET) {
        client.setSoLinger(true, 0); // closing now sends a reset instead of an orderly end
      }
    } catch (IOException e) {
      // The connection is over either way: a broken or closed connection is what ends it.
    } finally {
      open.remove(client);
    }
  }

  /**
   * Copies {@code from}'s input to {@code to}'s output until the input ends, a socket closes, or
   * {@code limit} bytes have passed; then closes both. True when the limit ended it.
   */
  private boolean forward(Socket from, Socket to, long limit) {
    long sent = 0;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[8192];
      while (sent < limit) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - sent));
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        sent += n;
      }
    } catch (IOException e) {
      // One side went away: the connection ends, as it would on a real network.
    }
    if (sent < limit) {
      closeQuietly(from);
      closeQuietly(to);
    }
    return sent == limit;
  }

  private void closeQuietly(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a socket that already failed has nothing left to report.
    }
  }

  /** Stops accepting and closes every connection. */
  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      throw new IllegalStateException("cannot close the proxy", e);
    } finally {
      open.forEach(this::closeQuietly);
      threads.shutdownNow();
    }
  }
}
