package dev.holdfast.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on loopback in front of a server, for tests of connections that break part-way: it
 * forwards bytes both ways unchanged (so TLS runs end to end through it), and resets its first
 * connection once the server has sent {@code cutAfter} bytes on it, as a network failure in the
 * middle of an answer does. Later connections pass whole.
 */
public final class CuttingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final long cutAfter;
  private final AtomicBoolean cutDone = new AtomicBoolean();
  private final List<Socket> sockets = new ArrayList<>();

  private CuttingProxy(ServerSocket listener, int target, long cutAfter) {
    this.listener = listener;
    this.target = target;
    this.cutAfter = cutAfter;
  }

  /** A proxy to {@code 127.0.0.1:target} that cuts its first connection after {@code cutAfter}. */
  public static CuttingProxy start(int target, long cutAfter) throws IOException {
    CuttingProxy proxy =
        new CuttingProxy(
            new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target, cutAfter);
    daemon("cutting-proxy-accept", proxy::accept);
    return proxy;
  }

  /** The port the proxy listens on. */
  public int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    try {
      while (true) {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(server);
        }
        long answerBytes = cutDone.compareAndSet(false, true) ? cutAfter : Long.MAX_VALUE;
        daemon("cutting-proxy-up", () -> pump(client, server, Long.MAX_VALUE));
        daemon("cutting-proxy-down", () -> pump(server, client, answerBytes));
      }
    } catch (IOException e) {
      // the proxy was closed
    }
  }

  /**
   * Copies at most {@code limit} bytes from {@code from} to {@code to}, then closes both: with a
   * reset when the limit cut the copy short.
   */
  private static void pump(Socket from, Socket to, long limit) {
    try (from;
        to) {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[16 * 1024];
      long left = limit;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        out.flush();
        left -= n;
      }
      if (left == 0) {
        to.setSoLinger(true, 0);
      }
    } catch (IOException e) {
      // either side went away: the other is closed with it
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    synchronized (sockets) {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
