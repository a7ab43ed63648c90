package dev.holdfast.cli.command;

import dev.holdfast.cli.ListenAddress;
import dev.holdfast.cli.MetricsOptions;
import dev.holdfast.cli.OutputFiles;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.TlsPeerOptions;
import dev.holdfast.cli.UntilStopped;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin MetricsOptions metricsOptions;

  /** The shortest --reload-interval: files are not read more often than this. */
  static final Duration MIN_RELOAD_INTERVAL = Duration.ofMillis(100);

  /** The longest --reload-interval; it counts towards a CA rotation's propagation delay. */
  static final Duration MAX_RELOAD_INTERVAL = Duration.ofHours(1);

  @Override
  public Integer call() throws Exception {
    InetSocketAddress address = ListenAddress.parse(listen, "--listen");
    metricsOptions.address(); // checked before anything starts
    Duration interval = reloadInterval();
    AccessPolicy access = AccessPolicy.read(policy);
    Reloader reloader = global().tls().reloader("serve");
    Clock clock = Clock.systemUTC();
    PrometheusRegistry registry = new PrometheusRegistry();
    ServerMetrics metrics = new ServerMetrics(registry);
    CertificateMetrics certificates = new CertificateMetrics(registry, clock);
    Map<RepositoryName, BlobStore> stores = new LinkedHashMap<>();
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
          MetricsEndpoint endpoint = metricsOptions.start(registry);
          HangupSignal hangup = HangupSignal.install(tls::reloadNow)) {
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
          output().line(metricsOptions.describe(endpoint));
        }
        interrupted = UntilStopped.await("holdfast-serve");
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
}
