package dev.holdfast.server.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A TLS socket factory that takes every socket from {@link #delegate}, asked anew each time, and
 * hands it out through {@link #configured}.
 */
abstract class DelegatingSocketFactory extends SSLSocketFactory {
  /** The factory this one's sockets come from. */
  protected abstract SSLSocketFactory delegate();

  /** A new socket as handed out; as it is, unless a subclass sets it up. */
  protected Socket configured(Socket socket) throws IOException {
    return socket;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return delegate().getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate().getSupportedCipherSuites();
  }

  @Override
  public Socket createSocket() throws IOException {
    return configured(delegate().createSocket());
  }

  @Override
  public Socket createSocket(Socket plain, String host, int port, boolean autoClose)
      throws IOException {
    return configured(delegate().createSocket(plain, host, port, autoClose));
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return configured(delegate().createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return configured(delegate().createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return configured(delegate().createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return configured(delegate().createSocket(address, port, localAddress, localPort));
  }
}
