package dev.holdfast.server.metrics;

import dev.holdfast.server.protocol.RepositoryName;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jetty.server.Handler;

/**
 * The repository server's metrics (docs/SERVER.md, "Metrics"): requests by repository, operation
 * and outcome, body bytes received and sent, requests in flight, and reloads of the server's TLS
 * material. They live in a registry the caller owns and serves ({@link MetricsEndpoint}), next to
 * whatever else it registers there (holdfast-tls's certificate gauges). Labels carry only what the
 * operator configured (repository names) and fixed words; never an identity or a request's text.
 * Thread-safe.
 */
public final class ServerMetrics {
  /** Requests answered, by repository, operation and outcome. */
  public static final String REQUESTS = "holdfast_server_requests_total";

  /** Bytes of request bodies read (uploads), by repository. */
  public static final String RECEIVED_BYTES = "holdfast_server_received_bytes_total";

  /** Bytes of response bodies written (downloads, listings, error bodies), by repository. */
  public static final String SENT_BYTES = "holdfast_server_sent_bytes_total";

  /** Requests taken in and not yet answered in full, those waiting for a slot included. */
  public static final String IN_FLIGHT = "holdfast_server_requests_in_flight";

  /** Reloads of the server's TLS material, by result. */
  public static final String TLS_RELOADS = "holdfast_server_tls_reloads_total";

  /** When the TLS material in force was loaded. */
  public static final String TLS_LAST_RELOAD =
      "holdfast_server_tls_last_reload_success_timestamp_seconds";

  /**
   * The repository label of a request that names no repository the server offers (a malformed path,
   * or a name it does not offer): such names never become label values.
   */
  public static final String NO_REPOSITORY = "-";

  private final PrometheusRegistry registry;
  private final Counter requests;
  private final Counter received;
  private final Counter sent;
  private final Gauge inFlight;
  private final Counter tlsReloads;
  private final Gauge tlsLastReload;

  /** Registers the server's metrics in {@code registry}. */
  public ServerMetrics(PrometheusRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    requests =
        Counter.builder()
            .name(REQUESTS)
            .help(
                "Requests answered, by repository, operation (read, list, append, delete, other)"
                    + " and outcome (ok, exists, not_found, forbidden, rejected, throttled, error).")
            .labelNames("repository", "operation", "outcome")
            .withoutExemplars()
            .register(registry);
    received =
        Counter.builder()
            .name(RECEIVED_BYTES)
            .help("Bytes of request bodies read (blob uploads), by repository.")
            .labelNames("repository")
            .withoutExemplars()
            .register(registry);
    sent =
        Counter.builder()
            .name(SENT_BYTES)
            .help("Bytes of response bodies written (blobs, listings, errors), by repository.")
            .labelNames("repository")
            .withoutExemplars()
            .register(registry);
    inFlight =
        Gauge.builder()
            .name(IN_FLIGHT)
            .help("Requests taken in and not yet answered in full, queued ones included.")
            .withoutExemplars()
            .register(registry);
    tlsReloads =
        Counter.builder()
            .name(TLS_RELOADS)
            .help(
                "Reloads of the server's TLS material: ok when new material was taken, failed when"
                    + " files were found that could not be used (the material in force stays).")
            .labelNames("result")
            .withoutExemplars()
            .register(registry);
    tlsLastReload =
        Gauge.builder()
            .name(TLS_LAST_RELOAD)
            .help(
                "When the TLS material in force was loaded (at start or by the last successful"
                    + " reload), in seconds since the epoch.")
            .withoutExemplars()
            .register(registry);
    tlsReloads.labelValues("ok");
    tlsReloads.labelValues("failed");
  }

  /** The registry the metrics are in, for an endpoint to serve. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /**
   * A handler that counts every request {@code inner} answers. Only names in {@code offered} become
   * repository labels (others count as {@link #NO_REPOSITORY}); their series start at 0, so that
   * rates exist before the first request.
   */
  public Handler.Wrapper counting(Handler inner, Set<RepositoryName> offered) {
    for (RepositoryName repository : offered) {
      String name = repository.value();
      received.labelValues(name);
      sent.labelValues(name);
      for (Operation operation : Operation.PROTOCOL) {
        requests.labelValues(name, operation.label(), Outcome.OK.label());
        requests.labelValues(name, operation.label(), Outcome.ERROR.label());
      }
    }
    return new CountingHandler(inner, this, offered);
  }

  /** The TLS material was loaded at {@code at}, when the server started. */
  public void tlsLoaded(Instant at) {
    tlsLastReload.set(seconds(at));
  }

  /** A reload at {@code at} took new TLS material. */
  public void tlsReloaded(Instant at) {
    tlsReloads.labelValues("ok").inc();
    tlsLastReload.set(seconds(at));
  }

  /** A reload found TLS material it could not use; what was in force stays. */
  public void tlsReloadFailed() {
    tlsReloads.labelValues("failed").inc();
  }

  void started() {
    inFlight.inc();
  }

  void finished(String repository, Operation operation, Outcome outcome) {
    inFlight.dec();
    requests.labelValues(repository, operation.label(), outcome.label()).inc();
  }

  CounterDataPoint received(String repository) {
    return received.labelValues(repository);
  }

  CounterDataPoint sent(String repository) {
    return sent.labelValues(repository);
  }

  private static double seconds(Instant at) {
    return at.getEpochSecond() + at.getNano() / 1e9;
  }
}
