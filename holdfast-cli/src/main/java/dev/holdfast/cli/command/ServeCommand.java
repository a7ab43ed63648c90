package dev.holdfast.cli.command;

import dev.holdfast.cli.OutputFiles;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.TlsPeerOptions;
import dev.holdfast.cli.serve.HangupSignal;
import dev.holdfast.cli.serve.ServedTls;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.s3.S3Location;
import dev.holdfast.server.RepositoryServer;
import dev.holdfast.server.ServerConfig;
import dev.holdfast.server.ServerLimits;
import dev.holdfast.server.access.AccessPolicy;
import dev.holdfast.server.access.LockOwners;
import dev.holdfast.server.metrics.MetricsEndpoint;
import dev.holdfast.server.metrics.ServerMetrics;
import dev.holdfast.server.protocol.RepositoryName;
import dev.holdfast.tls.Durations;
import dev.holdfast.tls.metrics.CertificateMetrics;
import dev.holdfast.tls.reload.Reloader;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code holdfast serve}: offers repositories over HTTPS to clients with certificates, each with
 * the rights the policy gives its identity (docs/SERVER.md). Runs until stopped (SIGINT, SIGTERM).
 */
@Command(
    name = "serve",
    description = {
      "Offer repositories over HTTPS with client certificates required; clients use --repo"
          + " https://HOST:PORT/NAME with their own --tls-dir.",
      "Who may read, append or delete is the --policy file's say (docs/SERVER.md). The server's"
          + " certificate and trust are read from --tls-dir / --tls-trust-dir and reloaded when"
          + " they change (every --reload-interval, and on SIGHUP). Runs until stopped."
    })
public final class ServeCommand extends RepoCommand {
  @Option(
      names = "--listen",
      required = true,
      paramLabel = "HOST:PORT",
      description = "Address and port to listen on (port 0: any free port).")
  String listen;

  @Option(
      names = "--repository",
      required = true,
      paramLabel = "NAME=LOCATION",
      description =
          "A repository to offer, as NAME (what clients put after the port) and its storage: a"
              + " local folder (created when missing, so clients can init it) or s3:... ."
              + " Repeatable.")
  List<String> repositories = new ArrayList<>();

  @Option(
      names = "--policy",
      required = true,
      paramLabel = "FILE",
      description = "JSON access policy: per repository, who may read, append, delete.")
  Path policy;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Where the server records which client stored which lock, so each may remove its own"
              + " after a restart (default: holdfast-server-state in the current folder).")
  Path stateDir = Path.of("holdfast-server-state");

  @Option(
      names = "--port-file",
      paramLabel = "FILE",
      description = "Write the port listened on to FILE once serving (for --listen HOST:0).")
  Path portFile;

  @Option(
      names = "--reload-interval",
      paramLabel = "DURATION",
      description =
          "How often the --tls-dir / --tls-trust-dir files are read again for new material"
              + " (default: ${DEFAULT-VALUE}; 100ms to 1h). SIGHUP reads them at once.")
  String reloadInterval = Durations.format(TlsPeerOptions.POLL);

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

  /** The shortest --reload-interval: files are not read more often than this. */
  static final Duration MIN_RELOAD_INTERVAL = Duration.ofMillis(100);

  /** The longest --reload-interval; it counts towards a CA rotation's propagation delay. */
  static final Duration MAX_RELOAD_INTERVAL = Duration.ofHours(1);

  @Override
  public Integer call() throws Exception {
    InetSocketAddress address = address(listen, "--listen");
    InetSocketAddress metricsAddress =
        metricsListen == null ? null : address(metricsListen, "--metrics-listen");
    if (metricsPortFile != null && metricsAddress == null) {
      throw new UsageError("--metrics-port-file needs --metrics-listen");
    }
    Duration interval = reloadInterval();
    AccessPolicy access = AccessPolicy.read(policy);
    Reloader reloader = global().tls().reloader("serve");
    Clock clock = Clock.systemUTC();
    PrometheusRegistry registry = new PrometheusRegistry();
    ServerMetrics metrics = new ServerMetrics(registry);
    CertificateMetrics certificates = new CertificateMetrics(registry, clock);
    Map<RepositoryName, BlobStore> stores = new LinkedHashMap<>();
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      for (String entry : repositories) {
        int eq = entry.indexOf('=');
        if (eq <= 0 || eq == entry.length() - 1) {
          throw new UsageError("--repository '" + entry + "' is not NAME=LOCATION");
        }
        String name = entry.substring(0, eq);
        if (!RepositoryName.isValid(name)) {
          throw new UsageError("--repository '" + entry + "': '" + name + "' is not a valid name");
        }
        if (stores.put(new RepositoryName(name), open(entry.substring(eq + 1))) != null) {
          throw new UsageError("--repository " + name + " is given twice");
        }
      }
      Files.createDirectories(stateDir);
      boolean interrupted = false;
      try (ServedTls tls =
              ServedTls.start(
                  reloader, interval, metrics, certificates, clock, output()::line, this::warn);
          RepositoryServer server =
              RepositoryServer.start(
                  new ServerConfig(
                      address,
                      stores,
                      access,
                      tls::context,
                      ServerLimits.defaults(),
                      LockOwners.inDirectory(stateDir.resolve("lock-owners"))),
                  metrics);
          MetricsEndpoint endpoint =
              metricsAddress == null ? null : MetricsEndpoint.start(metricsAddress, registry);
          HangupSignal hangup = HangupSignal.install(tls::reloadNow)) {
        Thread hook = new Thread(stopped::countDown, "holdfast-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        if (endpoint != null && metricsPortFile != null) {
          OutputFiles.writeAtomically(
              metricsPortFile, Integer.toString(endpoint.port()).getBytes(StandardCharsets.UTF_8));
        }
        if (portFile != null) {
          OutputFiles.writeAtomically(
              portFile, Integer.toString(server.port()).getBytes(StandardCharsets.UTF_8));
        }
        output()
            .line(
                "serving "
                    + String.join(", ", stores.keySet().stream().map(Object::toString).toList())
                    + " on https://"
                    + address.getHostString()
                    + ":"
                    + server.port()
                    + " (client certificates required); stop with Ctrl-C");
        output()
            .line(
                "TLS: "
                    + tls.describe()
                    + "; files read again every "
                    + Durations.format(interval)
                    + (hangup != null ? " and on SIGHUP" : ""));
        if (endpoint != null) {
          output()
              .line(
                  "metrics on http://"
                      + metricsAddress.getHostString()
                      + ":"
                      + endpoint.port()
                      + MetricsEndpoint.PATH);
        }
        try {
          stopped.await();
        } catch (InterruptedException e) {
          interrupted = true; // stop serving; the flag is set again once the server is closed
        } finally {
          try {
            Runtime.getRuntime().removeShutdownHook(hook);
          } catch (IllegalStateException e) {
            // shutting down already: the hook is what woke us
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return 0;
    } finally {
      stores.values().forEach(BlobStore::close);
    }
  }

  private Duration reloadInterval() {
    Duration interval = Durations.parse(reloadInterval, "--reload-interval");
    if (interval.compareTo(MIN_RELOAD_INTERVAL) < 0
        || interval.compareTo(MAX_RELOAD_INTERVAL) > 0) {
      throw new UsageError(
          "--reload-interval "
              + reloadInterval
              + " is out of range ("
              + Durations.format(MIN_RELOAD_INTERVAL)
              + " to "
              + Durations.format(MAX_RELOAD_INTERVAL)
              + ")");
    }
    return interval;
  }

  private BlobStore open(String location) {
    if (S3Location.isS3(location)) {
      return Repositories.openStore(global(), location);
    }
    Path path = Repositories.localPath(location);
    return Repositories.withRetries(
        global(),
        Files.isDirectory(path) ? LocalBlobStore.open(path) : LocalBlobStore.create(path));
  }

  private static InetSocketAddress address(String text, String option) {
    int colon = text.lastIndexOf(':');
    try {
      if (colon <= 0) {
        throw new NumberFormatException();
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host, port);
    } catch (NumberFormatException e) {
      throw new UsageError(option + " '" + text + "' is not HOST:PORT (port 0 to 65535)");
    }
  }
}
