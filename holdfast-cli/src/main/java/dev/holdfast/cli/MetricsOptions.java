package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import dev.holdfast.server.metrics.MetricsEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-listen} and {@code --metrics-port-file} for the long-running commands ({@code
 * serve}, {@code operator}, {@code agent}): a plain-HTTP {@code /metrics} for Prometheus.
 */
public final class MetricsOptions {
  @Option(
      names = "--metrics-listen",
      paramLabel = "HOST:PORT",
      description =
          "Serve Prometheus metrics over plain HTTP at http://HOST:PORT/metrics (no client"
              + " certificate there: bind it where only monitoring reaches).")
  String metricsListen;

  @Option(
      names = "--metrics-port-file",
      paramLabel = "FILE",
      description = "Write the metrics port to FILE once serving (for --metrics-listen HOST:0).")
  Path metricsPortFile;

  /** Checks the options before anything starts; returns the address, if metrics are wanted. */
  public Optional<InetSocketAddress> address() {
    if (metricsListen == null) {
      if (metricsPortFile != null) {
        throw new UsageError("--metrics-port-file needs --metrics-listen");
      }
      return Optional.empty();
    }
    return Optional.of(ListenAddress.parse(metricsListen, "--metrics-listen"));
  }

  /**
   * Starts serving {@code registry} when {@code --metrics-listen} was given (and writes the port
   * file); null otherwise, so it can sit in a try-with-resources.
   */
  public MetricsEndpoint start(PrometheusRegistry registry) {
    Optional<InetSocketAddress> address = address();
    if (address.isEmpty()) {
      return null;
    }
    MetricsEndpoint endpoint = MetricsEndpoint.start(address.get(), registry);
    if (metricsPortFile != null) {
      try {
        OutputFiles.writeAtomically(
            metricsPortFile, Integer.toString(endpoint.port()).getBytes(StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        endpoint.close();
        throw e;
      }
    }
    return endpoint;
  }

  /** {@code http://HOST:PORT/metrics} of a started endpoint, for the start-up line. */
  public String describe(MetricsEndpoint endpoint) {
    return "metrics on http://"
        + address().orElseThrow().getHostString()
        + ":"
        + endpoint.port()
        + MetricsEndpoint.PATH;
  }
}
