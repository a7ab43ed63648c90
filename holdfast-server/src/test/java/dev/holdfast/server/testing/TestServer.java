package dev.holdfast.server.testing;

import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.server.RepositoryServer;
import dev.holdfast.server.ServerConfig;
import dev.holdfast.server.ServerLimits;
import dev.holdfast.server.access.AccessPolicy;
import dev.holdfast.server.access.ClientIdentity;
import dev.holdfast.server.access.LockOwners;
import dev.holdfast.server.access.Permission;
import dev.holdfast.server.access.RepositoryGrants;
import dev.holdfast.server.metrics.ServerMetrics;
import dev.holdfast.server.protocol.RepositoryName;
import dev.holdfast.server.remote.RemoteBlobStore;
import dev.holdfast.server.remote.RemoteOptions;
import dev.holdfast.server.remote.RemoteStoreLocation;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * A repository server on loopback for tests: two repositories in local folders ({@code main} and
 * {@code other}), a test CA issuing the server's and clients' certificates, and a policy with one
 * identity per role. Clients made here are closed with the server.
 */
public final class TestServer implements AutoCloseable {
  public static final RepositoryName MAIN = new RepositoryName("main");
  public static final RepositoryName OTHER = new RepositoryName("other");

  /** A node agent: read and append in main. */
  public static final ClientIdentity AGENT = new ClientIdentity("spiffe://holdfast/agent/node-1");

  /** Another agent with the same rights, to show that locks belong to their writer. */
  public static final ClientIdentity AGENT_2 = new ClientIdentity("spiffe://holdfast/agent/node-2");

  /** A restore job: read in main. */
  public static final ClientIdentity RESTORER = new ClientIdentity("spiffe://holdfast/restore");

  /** Maintenance (prune, forget, unlock): read, append and delete in main and other. */
  public static final ClientIdentity ADMIN = new ClientIdentity("spiffe://holdfast/maintenance");

  /** Rights in other only. */
  public static final ClientIdentity OUTSIDER = new ClientIdentity("spiffe://holdfast/outsider");

  private final TestCa ca;
  private final Map<RepositoryName, BlobStore> stores;
  private final AtomicReference<SSLContext> serverTls;
  private final ServerMetrics metrics;
  private final RepositoryServer server;
  private final List<RemoteBlobStore> clients = new ArrayList<>();

  private TestServer(
      TestCa ca,
      Map<RepositoryName, BlobStore> stores,
      AtomicReference<SSLContext> serverTls,
      ServerMetrics metrics,
      RepositoryServer server) {
    this.ca = ca;
    this.stores = stores;
    this.serverTls = serverTls;
    this.metrics = metrics;
    this.server = server;
  }

  /** A server with default limits over fresh folders under {@code dir}. */
  public static TestServer start(Path dir) {
    return start(dir, ServerLimits.defaults(), UnaryOperator.identity());
  }

  /**
   * A server with {@code limits}, whose main repository is the local store wrapped by {@code
   * wrapMain} (to count, slow down or break its calls).
   */
  public static TestServer start(Path dir, ServerLimits limits, UnaryOperator<BlobStore> wrapMain) {
    TestCa ca = TestCa.create("holdfast-test-ca");
    Map<RepositoryName, BlobStore> stores = new LinkedHashMap<>();
    stores.put(MAIN, wrapMain.apply(LocalBlobStore.create(dir.resolve("main"))));
    stores.put(OTHER, LocalBlobStore.create(dir.resolve("other")));
    AccessPolicy policy =
        AccessPolicy.of(
            Map.of(
                MAIN,
                RepositoryGrants.none()
                    .allow(AGENT, Permission.READ, Permission.APPEND)
                    .allow(AGENT_2, Permission.READ, Permission.APPEND)
                    .allow(RESTORER, Permission.READ)
                    .allow(ADMIN, Permission.READ, Permission.APPEND, Permission.DELETE),
                OTHER,
                RepositoryGrants.none()
                    .allow(ADMIN, Permission.READ, Permission.APPEND, Permission.DELETE)
                    .allow(OUTSIDER, Permission.READ, Permission.APPEND, Permission.DELETE)));
    AtomicReference<SSLContext> serverTls =
        new AtomicReference<>(ca.server().sslContext(ca.trustStore()));
    ServerConfig config =
        new ServerConfig(
            new InetSocketAddress("127.0.0.1", 0),
            stores,
            policy,
            serverTls::get,
            limits,
            LockOwners.inMemory());
    ServerMetrics metrics = new ServerMetrics(new PrometheusRegistry());
    return new TestServer(ca, stores, serverTls, metrics, RepositoryServer.start(config, metrics));
  }

  /** The CA that issued the server's certificate, and trusted for clients. */
  public TestCa ca() {
    return ca;
  }

  /** The metrics the server counts its requests in. */
  public ServerMetrics metrics() {
    return metrics;
  }

  /** The running server. */
  public RepositoryServer server() {
    return server;
  }

  /** The server's own store of {@code repository}, as the server uses it. */
  public BlobStore store(RepositoryName repository) {
    return stores.get(repository);
  }

  /** Where {@code repository} is, as a client gives it. */
  public RemoteStoreLocation location(RepositoryName repository) {
    return RemoteStoreLocation.parse(server.uri("127.0.0.1", repository).toString());
  }

  /** A client of main with a certificate naming {@code identity}. */
  public RemoteBlobStore client(ClientIdentity identity) {
    return client(identity, MAIN);
  }

  /** A client of {@code repository} with a certificate naming {@code identity}. */
  public RemoteBlobStore client(ClientIdentity identity, RepositoryName repository) {
    return client(tls(identity), repository);
  }

  /** A TLS context with a fresh certificate naming {@code identity}, trusting the server's CA. */
  public SSLContext tls(ClientIdentity identity) {
    return ca.client(identity.value()).sslContext(ca.trustStore());
  }

  /** A raw connection to the server as {@code identity}. */
  public RawHttps connect(ClientIdentity identity) throws java.io.IOException {
    return RawHttps.connect(tls(identity), server.port());
  }

  /** A client of {@code repository} connecting with {@code tls}. */
  public RemoteBlobStore client(SSLContext tls, RepositoryName repository) {
    RemoteBlobStore client =
        RemoteBlobStore.open(location(repository), tls, RemoteOptions.defaults());
    synchronized (clients) {
      clients.add(client);
    }
    return client;
  }

  /**
   * Makes the server present {@code certificate} from its next {@link RepositoryServer#reloadTls()}
   * on.
   */
  public void serveCertificate(Issued certificate) {
    serverTls.set(certificate.sslContext(ca.trustStore()));
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      synchronized (clients) {
        clients.forEach(RemoteBlobStore::close);
      }
      stores.values().forEach(BlobStore::close);
    }
  }
}
