package dev.holdfast.server;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.UsageError;
import dev.holdfast.server.metrics.ServerMetrics;
import dev.holdfast.server.protocol.RepositoryName;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.BindException;
import java.net.URI;
import java.util.Objects;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A running repository server: Jetty on one HTTPS port, TLS 1.3 or 1.2, a client certificate
 * required on every connection, the protocol of docs/SERVER.md. Requests beyond {@link
 * ServerLimits#maxConcurrentRequests()} wait in a bounded queue (Jetty's {@link QoSHandler}).
 * Closing stops it; the stores it serves belong to the caller.
 */
public final class RepositoryServer implements AutoCloseable {
  /** Threads beyond the request limit: Jetty's acceptor and selector, and spare for queuing. */
  private static final int SPARE_THREADS = 8;

  private final ServerConfig config;
  private final Server jetty;
  private final ServerConnector connector;
  private final SslContextFactory.Server tls;

  private RepositoryServer(
      ServerConfig config, Server jetty, ServerConnector connector, SslContextFactory.Server tls) {
    this.config = config;
    this.jetty = jetty;
    this.connector = connector;
    this.tls = tls;
  }

  /**
   * Starts a server for {@code config} and returns once it accepts connections; its metrics go to a
   * registry nobody reads.
   *
   * @throws UsageError when the address cannot be bound (in use, not local)
   */
  public static RepositoryServer start(ServerConfig config) {
    return start(config, new ServerMetrics(new PrometheusRegistry()));
  }

  /**
   * Starts a server for {@code config} that counts its requests in {@code metrics}, and returns
   * once it accepts connections.
   *
   * @throws UsageError when the address cannot be bound (in use, not local)
   */
  public static RepositoryServer start(ServerConfig config, ServerMetrics metrics) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(metrics, "metrics");
    ServerLimits limits = config.limits();
    QueuedThreadPool threads =
        new QueuedThreadPool(limits.maxConcurrentRequests() + SPARE_THREADS, 4);
    threads.setName("holdfast-server");
    Server jetty = new Server(threads);

    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setSslContext(config.tls().sslContext());
    tls.setNeedClientAuth(true);
    tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    tls.setRenegotiationAllowed(false);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(8 * 1024);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // Clients reach the server by whatever name or address its certificate carries; the name they
    // asked for (SNI) need not match the Host header.
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);

    ServerConnector connector =
        new ServerConnector(
            jetty,
            1,
            1,
            new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
            new HttpConnectionFactory(http));
    connector.setHost(config.listen().getHostString());
    connector.setPort(config.listen().getPort());
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    jetty.addConnector(connector);

    QoSHandler queue = new QoSHandler(new RepositoryHandler(config));
    queue.setMaxRequestCount(limits.maxConcurrentRequests());
    queue.setMaxSuspendedRequestCount(limits.maxQueuedRequests());
    queue.setMaxSuspend(limits.queueTimeout());
    // Outside the queue, so that requests waiting for a slot count as in flight and a full queue's
    // 503 is counted too.
    jetty.setHandler(metrics.counting(queue, config.repositories().keySet()));
    jetty.setStopAtShutdown(false);

    try {
      jetty.start();
    } catch (Exception e) {
      stopQuietly(jetty, e);
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new UsageError("cannot listen on " + config.listen() + ": " + e.getMessage(), e);
      }
      throw new StorageUnavailable("cannot start the repository server: " + e, true, e);
    }
    return new RepositoryServer(config, jetty, connector, tls);
  }

  /** The port the server listens on (the one picked, when the configuration said 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The address clients give as {@code --repo} for {@code repository}, naming {@code host}. */
  public URI uri(String host, RepositoryName repository) {
    return URI.create("https://" + host + ":" + port() + "/" + repository);
  }

  /**
   * Takes the TLS material afresh from {@link ServerTls#sslContext()}: handshakes from now on use
   * it; connections already open carry on with the material they were made with.
   */
  public void reloadTls() {
    try {
      tls.reload(factory -> factory.setSslContext(config.tls().sslContext()));
    } catch (Exception e) {
      throw new UsageError("cannot reload the server's TLS material: " + e, e);
    }
  }

  /** Stops accepting, ends open connections and stops the threads. */
  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new StorageUnavailable("stopping the repository server: " + e, true, e);
    }
  }

  private static void stopQuietly(Server jetty, Exception cause) {
    try {
      jetty.stop();
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }
}
