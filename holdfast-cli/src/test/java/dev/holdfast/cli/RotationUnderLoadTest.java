package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.backup.BackupResult;
import dev.holdfast.core.check.CheckResult;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStore;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.ForwardingBlobStore;
import dev.holdfast.core.storage.RetryingBlobStore;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.ManualClock;
import dev.holdfast.core.testing.RepositoryAssertions;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.TreeGenerator;
import dev.holdfast.server.RepositoryServer;
import dev.holdfast.server.ServerConfig;
import dev.holdfast.server.access.AccessPolicy;
import dev.holdfast.server.protocol.RepositoryName;
import dev.holdfast.server.remote.RemoteBlobStore;
import dev.holdfast.server.remote.RemoteOptions;
import dev.holdfast.server.remote.RemoteStoreLocation;
import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.authority.AuthoritySettings;
import dev.holdfast.tls.authority.IssuedLeaf;
import dev.holdfast.tls.authority.RotationPhase;
import dev.holdfast.tls.authority.RotationState;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.RevocationReason;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.folder.LeafFolder;
import dev.holdfast.tls.material.KeyProtection;
import dev.holdfast.tls.material.LeafFiles;
import dev.holdfast.tls.material.ScryptCost;
import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.material.TrustFiles;
import dev.holdfast.tls.reload.ReloadReport;
import dev.holdfast.tls.reload.Reloader;
import dev.holdfast.tls.reload.SslContexts;
import dev.holdfast.tls.renewal.LeafSpec;
import dev.holdfast.tls.renewal.RenewalOutcome;
import dev.holdfast.tls.renewal.RenewalPolicy;
import dev.holdfast.tls.trust.PeerIdentity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's proof of rotation under load: two clients back up, list and restore through a
 * repository server without pause while the server's and both clients' leaf certificates are
 * replaced three times each and the CA is rotated once through all its stages. Every request is
 * counted below the retry layer, so a handshake refused at any step shows as a failure even when a
 * retry would have hidden it; the run must end with none, every snapshot restoring exactly and
 * {@code check --read-data} clean.
 *
 * <p>The server is composed as {@code holdfast serve} composes it (a {@link Reloader} over the
 * folder, {@link SslContexts#reloading}, a {@link RepositoryServer} that asks for that context),
 * and the clients as {@code --repo https://…} does; the difference is that every reloader, the
 * authority and the trust checks run on one {@link ManualClock} and reload when the test says.
 * {@code serve} polls its files every 30 s on the system clock, which would turn the CA's two
 * 10-minute propagation delays into real waits; here the clock jumps past them, and each peer loads
 * new files at a moment the test chooses, staggered so that peers disagree on purpose.
 */
class RotationUnderLoadTest {
  private static final RepositoryName MAIN = new RepositoryName("main");

  /** Operations (backups, restores) each client completes after a step before the next step. */
  private static final int OPERATIONS_PER_STEP = 2;

  private static final Duration STEP_LIMIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  private final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final RequestCounter counter = new RequestCounter();
  private final AtomicLong retries = new AtomicLong();
  private final Queue<String> retryReasons = new ConcurrentLinkedQueue<>();
  private final List<String> steps = new ArrayList<>();

  @Test
  void leavesRotateThreeTimesAndTheCaOnceWhileClientsWorkWithoutOneFailedRequest()
      throws Exception {
    Authority authority =
        Authority.create(
            tmp.resolve("ca"),
            AuthoritySettings.DEFAULTS,
            KeyProtection.withPassphrase("rotation-test-ca".toCharArray())
                .withCost(new ScryptCost(10, 8, 1)),
            clock,
            new SecureRandom());
    Peer server =
        Peer.issue(
            authority,
            tmp.resolve("server-tls"),
            LeafRequest.of("repo-server", Usage.SERVER, "spiffe://holdfast/server")
                .withDnsNames("localhost")
                .withIpAddresses("127.0.0.1"),
            clock);
    Peer agent1 =
        Peer.issue(
            authority,
            tmp.resolve("agent-1-tls"),
            LeafRequest.of("agent-1", Usage.CLIENT, "spiffe://holdfast/agent/node-1"),
            clock);
    Peer agent2 =
        Peer.issue(
            authority,
            tmp.resolve("agent-2-tls"),
            LeafRequest.of("agent-2", Usage.CLIENT, "spiffe://holdfast/agent/node-2"),
            clock);
    List<Peer> peers = List.of(server, agent1, agent2);

    AccessPolicy policy =
        AccessPolicy.parse(
            """
            {"repositories": {"main": {
              "read": ["spiffe://holdfast/agent/node-1", "spiffe://holdfast/agent/node-2"],
              "append": ["spiffe://holdfast/agent/node-1", "spiffe://holdfast/agent/node-2"]}}}
            """
                .getBytes(StandardCharsets.UTF_8),
            "policy.json");
    try (LocalBlobStore served = LocalBlobStore.create(tmp.resolve("served"));
        RepositoryServer repositoryServer =
            RepositoryServer.start(
                ServerConfig.of(
                    new InetSocketAddress("127.0.0.1", 0),
                    Map.of(MAIN, served),
                    policy,
                    () -> server.context))) {
      RemoteStoreLocation location =
          RemoteStoreLocation.parse("https://127.0.0.1:" + repositoryServer.port() + "/main");
      TestRepositories.init(client(location, agent1)).close();
      Worker first = new Worker("node-1", agent1, location, 11);
      Worker second = new Worker("node-2", agent2, location, 22);
      List<Worker> workers = List.of(first, second);
      workers.forEach(Worker::start);
      try {
        settle(workers, "start");

        // Leaf rotations: each peer gets a new key and certificate, and loads it while the others
        // keep working; the server's new certificate is what a fresh handshake shows.
        for (int round = 1; round <= 3; round++) {
          for (Peer peer : peers) {
            SerialNumber fresh = SerialNumber.of(peer.folder.rotateNow().certificate());
            peer.reload();
            assertThat(peer.serving()).isEqualTo(fresh);
            settle(workers, "leaf rotation " + round + " of " + peer.name());
          }
          assertThat(SerialNumber.of(presented(agent1, repositoryServer.port())))
              .as("the server's certificate in a new handshake, round %s", round)
              .isEqualTo(server.serving());
        }

        caRotation(authority, server, List.of(agent1, agent2), workers);

        assertThat(presented(agent2, repositoryServer.port()).getIssuerX500Principal().getName())
            .as("the server's certificate after the CA rotation")
            .isEqualTo("CN=Holdfast CA 2");
      } finally {
        workers.forEach(Worker::finish);
      }

      String counts =
          String.format(
              "%d requests (%d backups, %d restores), %d failed below the retry layer, %d retries,"
                  + " %d rotation steps",
              counter.requests.get(),
              first.backups.size() + second.backups.size(),
              first.restores.get() + second.restores.get(),
              counter.failures.get(),
              retries.get(),
              steps.size());
      System.out.println("rotation under load: " + counts);
      for (Worker worker : workers) {
        assertThat(worker.failure).as("%s: %s", worker.host, counts).isNull();
      }
      assertThat(counter.failed).as("failed requests: %s", counts).isEmpty();
      assertThat(retryReasons).as("retries: %s", counts).isEmpty();
      assertThat(counter.requests.get()).as(counts).isPositive();

      // No data lost: every backup is a snapshot, and each restores to the tree it was taken of.
      BlobStore reader = client(location, agent1);
      try (Repository repo = TestRepositories.open(reader)) {
        SnapshotStore.Listing listing = repo.snapshots().list();
        assertThat(listing.unreadable()).isEmpty();
        assertThat(listing.snapshots())
            .extracting(Snapshot::id)
            .as("snapshots: %s", counts)
            .containsExactlyInAnyOrderElementsOf(
                Stream.concat(first.backups.stream(), second.backups.stream())
                    .map(backed -> backed.snapshot().id())
                    .toList());
      }
      int restored = 0;
      for (Worker worker : workers) {
        for (Backed backed : worker.backups) {
          RepositoryAssertions.restoresExactly(
              client(location, agent2),
              backed.snapshot(),
              backed.tree(),
              tmp.resolve("final-restore").resolve(worker.host + "-" + restored++),
              "snapshot " + backed.snapshot().id() + " of " + worker.host);
        }
      }
      try (Repository repo = TestRepositories.open(client(location, agent2))) {
        CheckResult check = RepositoryAssertions.checksClean(repo, "after rotation: " + counts);
        assertThat(check.packsRead()).isEqualTo(check.packs());
      }
      assertThat(counter.failed).as("failed requests while verifying: %s", counts).isEmpty();
    }
  }

  /**
   * STABLE(1) → INTRODUCING → REISSUING → RETIRING → STABLE(2), with the peers loading each step's
   * files one after another, clients working throughout.
   */
  private void caRotation(Authority authority, Peer server, List<Peer> clients, List<Worker> all)
      throws InterruptedException {
    List<Peer> peers = new ArrayList<>(List.of(server));
    peers.addAll(clients);
    Duration delay = authority.settings().propagationDelay();

    RotationState introducing = authority.beginRotation();
    assertThat(introducing.phase()).isEqualTo(RotationPhase.INTRODUCING);
    refreshTrust(peers);
    loadStaggered(server, clients, all, "CA 2 introduced");

    clock.advance(delay.plusSeconds(1));
    assertThat(authority.advance().phase()).isEqualTo(RotationPhase.REISSUING);
    for (Peer peer : peers) {
      RenewalOutcome outcome = peer.folder.renewIfDue();
      assertThat(outcome.renewed()).as("%s re-issued under CA 2", peer.name()).isTrue();
      peer.reload();
      assertThat(peer.folder.certificate().getIssuerX500Principal().getName())
          .isEqualTo("CN=Holdfast CA 2");
      settle(all, "re-issue of " + peer.name() + " under CA 2");
    }

    // CA 1 retires once nothing it signed is valid: the superseded leaves are revoked.
    for (IssuedLeaf leaf : authority.validLeaves()) {
      if (leaf.generation() == introducing.previous()) {
        authority.revoke(leaf.serial(), RevocationReason.SUPERSEDED);
      }
    }
    refreshTrust(peers);
    loadStaggered(server, clients, all, "CA 1's leaves revoked");

    assertThat(authority.advance().phase()).isEqualTo(RotationPhase.RETIRING);
    refreshTrust(peers);
    loadStaggered(server, clients, all, "CA 1 retired from the bundle");

    clock.advance(delay.plusSeconds(1));
    RotationState stable = authority.advance();
    assertThat(stable.phase()).isEqualTo(RotationPhase.STABLE);
    assertThat(stable.current()).isEqualTo(2);
    refreshTrust(peers);
    for (Peer peer : peers) {
      peer.reload();
    }
    settle(all, "CA 2 stable");
  }

  private static void refreshTrust(List<Peer> peers) {
    peers.forEach(peer -> peer.folder.refreshTrust());
  }

  /** The server loads the new files first, the clients after it: both orders happen in life. */
  private void loadStaggered(Peer server, List<Peer> clients, List<Worker> all, String step)
      throws InterruptedException {
    server.reload();
    settle(all, step + ": server loaded");
    for (Peer client : clients) {
      client.reload();
      settle(all, step + ": " + client.name() + " loaded");
    }
  }

  /**
   * Waits until every worker has finished {@link #OPERATIONS_PER_STEP} more operations, so at least
   * one began (with a new connection) after the step; fails early when a worker failed.
   */
  private void settle(List<Worker> workers, String step) throws InterruptedException {
    steps.add(step);
    long[] targets =
        workers.stream().mapToLong(w -> w.operations.get() + OPERATIONS_PER_STEP).toArray();
    Instant limit = Instant.now().plus(STEP_LIMIT);
    for (int i = 0; i < workers.size(); i++) {
      Worker worker = workers.get(i);
      while (worker.operations.get() < targets[i]) {
        assertThat(worker.failure).as("%s failed at step '%s'", worker.host, step).isNull();
        assertThat(counter.failed).as("failed requests at step '%s'", step).isEmpty();
        assertThat(Instant.now()).as("step '%s' made no progress", step).isBefore(limit);
        Thread.sleep(20);
      }
    }
    assertThat(counter.failed).as("failed requests at step '%s'", step).isEmpty();
  }

  /** A client store as {@code --repo https://…} opens it: remote, counted, with retries on top. */
  private BlobStore client(RemoteStoreLocation location, Peer peer) {
    return RetryingBlobStore.wrap(
        counter.around(RemoteBlobStore.open(location, peer.context, RemoteOptions.defaults())),
        retry -> {
          retries.incrementAndGet();
          retryReasons.add(retry.describe());
        });
  }

  /** The certificate the server shows in a new handshake from {@code client}. */
  private static X509Certificate presented(Peer client, int port) throws IOException {
    try (SSLSocket socket =
        (SSLSocket) client.context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /** A leaf folder and the reloading TLS context of the process that uses it. */
  private static final class Peer {
    final LeafFolder folder;
    final Reloader reloader;
    final SSLContext context;

    private Peer(LeafFolder folder, Reloader reloader) {
      this.folder = folder;
      this.reloader = reloader;
      this.context = SslContexts.reloading(reloader);
    }

    static Peer issue(Authority authority, Path dir, LeafRequest request, ManualClock clock) {
      LeafFolder folder =
          LeafFolder.issue(authority, dir, new LeafSpec(request, RenewalPolicy.DEFAULT), clock);
      return new Peer(
          folder, Reloader.load(LeafFiles.in(dir), TrustFiles.in(dir), PeerIdentity.any(), clock));
    }

    String name() {
      return folder.spec().request().commonName();
    }

    void reload() {
      ReloadReport report = reloader.reload();
      assertThat(report.failures()).as("reload of %s", name()).isEmpty();
    }

    SerialNumber serving() {
      return reloader.keyManager().current().serial();
    }
  }

  /** A snapshot and a copy of the tree it was taken of. */
  private record Backed(Snapshot snapshot, Path tree) {}

  /**
   * A client that, until told to finish, changes its tree, backs it up, lists the snapshots, and
   * restores the snapshot it just took with verification; each job on a new store, so on new
   * connections.
   */
  private final class Worker {
    final String host;
    final Peer peer;
    final RemoteStoreLocation location;
    final long seed;
    final List<Backed> backups = new ArrayList<>();
    final AtomicLong operations = new AtomicLong();
    final AtomicLong restores = new AtomicLong();
    final Thread thread;
    volatile boolean stop;
    volatile Throwable failure;

    Worker(String host, Peer peer, RemoteStoreLocation location, long seed) {
      this.host = host;
      this.peer = peer;
      this.location = location;
      this.seed = seed;
      this.thread = new Thread(this::run, "client-" + host);
    }

    void start() {
      thread.start();
    }

    void finish() {
      stop = true;
      try {
        thread.join(STEP_LIMIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      assertThat(thread.isAlive()).as("%s still running", host).isFalse();
    }

    private void run() {
      try {
        for (int i = 0; !stop; i++) {
          Backed backed = backUp(i);
          backups.add(backed);
          operations.incrementAndGet();
          RepositoryAssertions.restoresExactly(
              client(location, peer),
              backed.snapshot(),
              backed.tree(),
              tmp.resolve(host).resolve("restore-" + i),
              host + " restore " + i);
          restores.incrementAndGet();
          operations.incrementAndGet();
        }
      } catch (Throwable t) {
        failure = t;
      }
    }

    /**
     * Backs up this client's tree as of iteration {@code i}: the same generated files each time (so
     * most chunks are known already) and one that changes, in a folder kept as it was backed up, to
     * compare restores with.
     */
    private Backed backUp(int i) throws IOException {
      Path tree = tmp.resolve(host).resolve("tree-" + i);
      new TreeGenerator(seed).write(tree, 60_000);
      Files.writeString(tree.resolve("changed.txt"), host + " iteration " + i + "\n");
      try (Repository repo = TestRepositories.open(client(location, peer))) {
        BackupResult result =
            new Backup(repo).run(BackupRequest.of(host, tree), new BackupProgress());
        assertThat(result.problems()).as("%s backup %s", host, i).isEmpty();
        SnapshotStore.Listing listing = repo.snapshots().list();
        assertThat(listing.unreadable()).isEmpty();
        assertThat(listing.snapshots()).extracting(Snapshot::id).contains(result.snapshot().id());
        return new Backed(result.snapshot(), tree);
      }
    }
  }

  /**
   * Counts every request a client store makes and every one that fails, as the backend saw it:
   * below {@link RetryingBlobStore}, so a failure a retry would hide is still counted.
   */
  private static final class RequestCounter {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final Queue<String> failed = new ConcurrentLinkedQueue<>();

    BlobStore around(BlobStore store) {
      return new ForwardingBlobStore(store) {
        @Override
        public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
          return count(() -> super.putIfAbsent(name, data, offset, length));
        }

        @Override
        public byte[] get(BlobName name) {
          return count(() -> super.get(name));
        }

        @Override
        public byte[] get(BlobName name, long maxBytes) {
          return count(() -> super.get(name, maxBytes));
        }

        @Override
        public byte[] getRange(BlobName name, long offset, int length) {
          return count(() -> super.getRange(name, offset, length));
        }

        @Override
        public Optional<BlobInfo> stat(BlobName name) {
          return count(() -> super.stat(name));
        }

        @Override
        public List<BlobInfo> list(BlobKind kind) {
          return count(() -> super.list(kind));
        }

        @Override
        public void delete(BlobName name) {
          count(
              () -> {
                super.delete(name);
                return null;
              });
        }

        @Override
        public Optional<Instant> retainedUntil(BlobName name) {
          return count(() -> super.retainedUntil(name));
        }
      };
    }

    private <T> T count(Supplier<T> request) {
      requests.incrementAndGet();
      try {
        return request.get();
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        failed.add(e.toString());
        throw e;
      }
    }
  }
}
