package dev.holdfast.server.metrics;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.UsageError;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A plain-HTTP listener that serves one registry at {@code GET /metrics} for Prometheus to scrape,
 * in the Prometheus text format or OpenMetrics when the scraper asks for it. It answers nothing
 * else (404 with no body for other paths, 405 for other methods) and asks for no certificate, so it
 * belongs on an address only the monitoring network reaches. Closing stops it.
 */
public final class MetricsEndpoint implements AutoCloseable {
  /** The one path served. */
  public static final String PATH = "/metrics";

  /** Few threads: Jetty's acceptor and selector, and a handful for scrapes. */
  private static final int THREADS = 8;

  private final Server jetty;
  private final ServerConnector connector;

  private MetricsEndpoint(Server jetty, ServerConnector connector) {
    this.jetty = jetty;
    this.connector = connector;
  }

  /**
   * Starts serving {@code registry} on {@code listen} and returns once it accepts connections.
   *
   * @throws UsageError when the address cannot be bound (in use, not local)
   */
  public static MetricsEndpoint start(InetSocketAddress listen, PrometheusRegistry registry) {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(registry, "registry");
    QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2);
    threads.setName("holdfast-metrics");
    Server jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(8 * 1024);
    ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(listen.getHostString());
    connector.setPort(listen.getPort());
    connector.setIdleTimeout(30_000);
    jetty.addConnector(connector);
    jetty.setHandler(new Scrape(registry));
    jetty.setStopAtShutdown(false);
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        jetty.stop();
      } catch (Exception stopping) {
        e.addSuppressed(stopping);
      }
      if (e instanceof BindException || e.getCause() instanceof BindException) {
        throw new UsageError("cannot listen on " + listen + " for metrics: " + e.getMessage(), e);
      }
      throw new StorageUnavailable("cannot start the metrics endpoint: " + e, true, e);
    }
    return new MetricsEndpoint(jetty, connector);
  }

  /** The port listened on (the one picked, when the address said 0). */
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new StorageUnavailable("stopping the metrics endpoint: " + e, true, e);
    }
  }

  /** Answers scrapes of {@link #PATH}, and nothing else. */
  private static final class Scrape extends Handler.Abstract.NonBlocking {
    private static final ExpositionFormatWriter PROMETHEUS = PrometheusTextFormatWriter.create();
    private static final ExpositionFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();

    private final PrometheusRegistry registry;

    Scrape(PrometheusRegistry registry) {
      this.registry = registry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      if (!PATH.equals(request.getHttpURI().getPath())) {
        empty(response, callback, 404);
        return true;
      }
      String method = request.getMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
        empty(response, callback, 405);
        return true;
      }
      String accept = request.getHeaders().get(HttpHeader.ACCEPT);
      ExpositionFormatWriter writer =
          accept != null && OPEN_METRICS.accepts(accept) ? OPEN_METRICS : PROMETHEUS;
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      writer.write(body, registry.scrape());
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, writer.getContentType());
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.size());
      if (method.equals("HEAD")) {
        callback.succeeded();
      } else {
        response.write(true, ByteBuffer.wrap(body.toByteArray()), callback);
      }
      return true;
    }

    private static void empty(Response response, Callback callback, int status) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
      callback.succeeded();
    }
  }
}
