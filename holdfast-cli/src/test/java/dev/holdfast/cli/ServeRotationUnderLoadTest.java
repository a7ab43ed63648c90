package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import dev.holdfast.server.metrics.ServerMetrics;
import dev.holdfast.server.testing.MetricsScrape;
import dev.holdfast.tls.metrics.CertificateMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's rotation under load, through the real {@code holdfast serve}: two clients run {@code
 * backup} and {@code restore --verify} without pause against it while every leaf certificate (the
 * server's and both clients') is replaced three times with {@code holdfast tls rotate --now
 * --revoke}, and the CA is rotated once through all its stages with {@code holdfast tls ca rotate}
 * and {@code holdfast tls renew}, in real time: the server reads its files every 100 ms, the CA's
 * propagation delay is one second. No command may fail, no storage request may be retried (clients
 * run with {@code --debug}, which prints every retry), the server may answer no request with an
 * error, every restore must equal its tree, and {@code check --read-data} must pass.
 *
 * <p>Each step waits for conditions, never for time: the server's metrics to show the material it
 * now serves, every client to finish two more jobs (so one began after the step), the authority to
 * accept the next step. A client's folder is written only between that client's jobs: a command
 * reads its certificate and key when it starts, and one that started between the renewer's two
 * writes (key, then certificate) would find a key of another certificate and exit 20, a race of
 * command start-up that this test does not exercise. The server's folder is written at any time: a
 * poll that falls between the writes keeps the material in force and counts a failed reload.
 */
class ServeRotationUnderLoadTest {
  /** Jobs each client finishes after a step before the next step. */
  private static final int JOBS_PER_STEP = 2;

  /** Bounds against hanging, not timing checks. */
  private static final Duration STEP_LIMIT = Duration.ofSeconds(120);

  @TempDir Path tmp;

  private final List<String> steps = new ArrayList<>();
  private CliAuthority ca;
  private CliServer server;
  private Path serverTls;

  @AfterEach
  void haltServer() throws InterruptedException {
    if (server != null) {
      server.halt();
    }
  }

  @Test
  void leavesRotateThreeTimesAndTheCaOnceWhileClientsWorkThroughServeWithoutOneFailure()
      throws Exception {
    ca = CliAuthority.create(tmp, "--propagation-delay", "1s");
    serverTls = tmp.resolve("server-tls");
    ca.issue(
        serverTls, "repo-server", "--dns", "localhost", "--ip", "127.0.0.1", "--usage", "server");
    Path policy =
        Files.writeString(
            tmp.resolve("policy.json"),
            """
            {"repositories": {"main": {
              "read": ["spiffe://holdfast/agent-1", "spiffe://holdfast/agent-2"],
              "append": ["spiffe://holdfast/agent-1", "spiffe://holdfast/agent-2"]}}}
            """);
    server =
        CliServer.start(
            tmp,
            true,
            "--repository",
            "main=" + tmp.resolve("served"),
            "--policy",
            policy.toString(),
            "--tls-dir",
            serverTls.toString(),
            "--state-dir",
            tmp.resolve("state").toString(),
            "--reload-interval",
            "100ms");
    Worker first = new Worker("agent-1", 11);
    Worker second = new Worker("agent-2", 22);
    List<Worker> workers = List.of(first, second);
    CliRepo.create(tmp, server.location("main"), first.options());
    workers.forEach(Worker::start);
    try {
      settle(workers, "start");
      for (int round = 1; round <= 3; round++) {
        for (Worker worker : workers) {
          worker.write(() -> rotateNow(worker.tls));
          settle(workers, "leaf rotation " + round + " of " + worker.name);
        }
        String serial = rotateNow(serverTls);
        awaitServer(s -> served(s, "serial", serial), "its new certificate");
        settle(workers, "leaf rotation " + round + " of the server");
      }
      caRotation(workers);
    } finally {
      workers.forEach(Worker::finish);
    }

    MetricsScrape scrape = MetricsScrape.of(server.metrics());
    double requests = scrape.sum(ServerMetrics.REQUESTS);
    double failed =
        requests
            - scrape.sum(ServerMetrics.REQUESTS, "outcome", "ok")
            - scrape.sum(ServerMetrics.REQUESTS, "outcome", "exists")
            - scrape.sum(ServerMetrics.REQUESTS, "outcome", "not_found");
    String counts =
        String.format(
            "%.0f requests (%d backups, %d restores), %.0f failed at the server, %d failed jobs,"
                + " %d retries, %d steps, %.0f TLS reloads by the server (%.0f caught a renewal"
                + " between its writes)",
            requests,
            first.backups.size() + second.backups.size(),
            first.restores.get() + second.restores.get(),
            failed,
            workers.stream().filter(w -> w.failure != null).count(),
            first.retries.get() + second.retries.get(),
            steps.size(),
            scrape.sum(ServerMetrics.TLS_RELOADS, "result", "ok"),
            scrape.sum(ServerMetrics.TLS_RELOADS, "result", "failed"));
    System.out.println("rotation under load through holdfast serve: " + counts);
    for (Worker worker : workers) {
      assertThat(worker.failure).as("%s: %s", worker.name, counts).isNull();
      assertThat(worker.retries).as("%s retries: %s", worker.name, counts).hasValue(0);
    }
    assertThat(failed).as("requests the server failed: %s\n%s", counts, scrape.text()).isZero();
    assertThat(requests).as(counts).isPositive();

    // No data lost: every backup is listed, the first and last of each client restore exactly, and
    // every blob reads back and authenticates.
    CliRepo reader = CliRepo.at(tmp, server.location("main"), first.options());
    JsonNode listed = reader.json("snapshots");
    List<String> ids = new ArrayList<>();
    listed.forEach(snapshot -> ids.add(snapshot.get("id").asText()));
    for (Worker worker : workers) {
      assertThat(ids).as(counts).containsAll(worker.backups.keySet());
      for (String id : List.of(worker.firstBackup, worker.lastBackup)) {
        Path target = tmp.resolve("final").resolve(worker.name + "-" + id);
        reader.ok("restore", id, "--target", target.toString(), "--verify");
        TreeAssertions.assertSameTree(worker.backups.get(id), target, worker.name + " " + id);
      }
    }
    reader.ok("check", "--read-data");
    Cli.Result served = server.stop();
    assertThat(served.out()).contains("reloaded TLS material: certificate CN=repo-server");
    assertThat(served.err()).doesNotContain(CliAuthority.PASSPHRASE);
  }

  /**
   * STABLE(1) → INTRODUCING → REISSUING → RETIRING → STABLE(2) with {@code holdfast tls}: at each
   * step the server loads the new files first, then each client, clients working throughout.
   */
  private void caRotation(List<Worker> workers) throws Exception {
    ca.ok("ca", "rotate");
    refreshTrust(workers, "CA 2 introduced");
    awaitServer(s -> served(s, "subject", "Holdfast CA 2"), "CA 2 in its trust bundle");
    advance("REISSUING");

    for (Worker worker : workers) {
      worker.write(() -> rotateNow(worker.tls));
      settle(workers, "re-issue of " + worker.name + " under CA 2");
    }
    String serial = rotateNow(serverTls);
    awaitServer(s -> served(s, "serial", serial), "its certificate from CA 2");
    settle(workers, "re-issue of the server under CA 2");
    advance("RETIRING");

    refreshTrust(workers, "CA 1 retired from the bundle");
    awaitServer(s -> !served(s, "subject", "Holdfast CA 1"), "CA 1 gone from its trust bundle");
    advance("STABLE");
    refreshTrust(workers, "CA 2 stable");

    JsonNode shown = CliAuthority.status("127.0.0.1:" + server.port(), "--json").json();
    assertThat(shown.get("certificates").get(0).get("issuer").asText())
        .as("the server's certificate after the CA rotation")
        .isEqualTo("CN=Holdfast CA 2");
  }

  /** {@code holdfast tls renew} of every folder: the server's first, then each client's. */
  private void refreshTrust(List<Worker> workers, String step) throws Exception {
    renew(serverTls);
    for (Worker worker : workers) {
      worker.write(() -> renew(worker.tls));
    }
    settle(workers, step);
  }

  private void renew(Path folder) {
    Cli.Result renewed = ca.run("renew", "--out", folder.toString());
    assertThat(renewed.code()).as("%s", renewed).isZero();
  }

  /** {@code holdfast tls rotate --now --revoke} of one folder; the new serial. */
  private String rotateNow(Path folder) {
    JsonNode rotated = ca.json("rotate", "--now", "--revoke", "--out", folder.toString());
    return rotated.get("reissued").get(0).get("leaf").get("serial").asText();
  }

  /**
   * Takes the rotation's next step as soon as the authority allows it (after the propagation
   * delay), and checks that it reached {@code phase}.
   */
  private void advance(String phase) throws InterruptedException {
    Instant limit = Instant.now().plus(STEP_LIMIT);
    Cli.Result advanced = ca.run("ca rotate", "--advance", "--json");
    while (advanced.code() == ExitCode.CA_REFUSED.code()) {
      assertThat(Instant.now()).as("advance to %s: %s", phase, advanced).isBefore(limit);
      Thread.sleep(100);
      advanced = ca.run("ca rotate", "--advance", "--json");
    }
    assertThat(advanced.code()).as("%s", advanced).isZero();
    assertThat(advanced.json().get("phase").asText()).as("%s", advanced).isEqualTo(phase);
    steps.add("CA rotation: " + phase);
  }

  /** Waits until the server's certificate gauges show {@code what}. */
  private void awaitServer(Predicate<MetricsScrape> condition, String what) throws Exception {
    MetricsScrape.until(server.metrics(), condition, STEP_LIMIT);
    steps.add("server serves " + what);
  }

  /** Whether the gauges of the server's own files show a certificate with {@code label=value}. */
  private boolean served(MetricsScrape scrape, String label, String value) {
    return scrape.series(CertificateMetrics.EXPIRY).stream()
        .anyMatch(
            s ->
                s.labels().get("source").startsWith(serverTls.toString())
                    && value.equals(s.labels().get(label)));
  }

  /**
   * Waits until every worker has finished {@link #JOBS_PER_STEP} more jobs, so at least one began
   * after the step; fails early when a worker failed.
   */
  private void settle(List<Worker> workers, String step) throws InterruptedException {
    steps.add(step);
    long[] targets = workers.stream().mapToLong(w -> w.jobs.get() + JOBS_PER_STEP).toArray();
    Instant limit = Instant.now().plus(STEP_LIMIT);
    for (int i = 0; i < workers.size(); i++) {
      Worker worker = workers.get(i);
      while (worker.jobs.get() < targets[i]) {
        assertThat(worker.failure).as("%s failed at step '%s'", worker.name, step).isNull();
        assertThat(Instant.now()).as("step '%s' made no progress", step).isBefore(limit);
        Thread.sleep(20);
      }
    }
  }

  /** Something done to a client's folder. */
  @FunctionalInterface
  private interface FolderWrite {
    void run() throws Exception;
  }

  /**
   * A client that, until told to finish, backs up a tree that changes each time and restores the
   * snapshot it took with {@code --verify}, comparing it with the tree; each job is one {@code
   * holdfast} command with {@code --debug}, so every storage retry is printed.
   */
  private final class Worker {
    final String name;
    final long seed;
    final Path tls;
    final Map<String, Path> backups = new ConcurrentHashMap<>();
    final AtomicLong jobs = new AtomicLong();
    final AtomicLong restores = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final ReentrantLock folder = new ReentrantLock();
    final Thread thread;
    volatile String firstBackup;
    volatile String lastBackup;
    volatile boolean stop;
    volatile Throwable failure;

    Worker(String name, long seed) {
      this.name = name;
      this.seed = seed;
      this.tls = tmp.resolve(name + "-tls");
      ca.issue(tls, name, "--usage", "client");
      this.thread = new Thread(this::run, "client-" + name);
    }

    List<String> options() {
      return List.of("--tls-dir", tls.toString(), "--debug");
    }

    void start() {
      thread.start();
    }

    /** Writes this client's folder between two of its jobs. */
    void write(FolderWrite write) throws Exception {
      folder.lock();
      try {
        write.run();
      } finally {
        folder.unlock();
      }
    }

    void finish() {
      stop = true;
      try {
        thread.join(STEP_LIMIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      assertThat(thread.isAlive()).as("%s still running", name).isFalse();
    }

    private void run() {
      try {
        CliRepo repo = CliRepo.at(tmp, server.location("main"), options());
        for (int i = 0; !stop; i++) {
          Path tree = tmp.resolve(name).resolve("tree-" + i);
          new TreeGenerator(seed).write(tree, 60_000);
          Files.writeString(tree.resolve("changed.txt"), name + " job " + i + "\n");
          String id =
              job(repo, "backup", "--json", tree.toString())
                  .json()
                  .get("snapshot")
                  .get("id")
                  .asText();
          backups.put(id, tree);
          if (firstBackup == null) {
            firstBackup = id;
          }
          lastBackup = id;
          Path target = tmp.resolve(name).resolve("restore-" + i);
          job(repo, "restore", id, "--target", target.toString(), "--verify");
          TreeAssertions.assertSameTree(tree, target, name + " restore " + i);
          restores.incrementAndGet();
        }
      } catch (Throwable t) {
        failure = t;
      }
    }

    /** One command, which must succeed without a retry. */
    private Cli.Result job(CliRepo repo, String... args) throws IOException {
      Cli.Result result;
      folder.lock();
      try {
        result = repo.run(args);
      } finally {
        folder.unlock();
      }
      retries.addAndGet(result.err().lines().filter(l -> l.startsWith("retry: ")).count());
      assertThat(result.code())
          .as("%s: holdfast %s\n%s", name, String.join(" ", args), result)
          .isZero();
      assertThat(result.err())
          .as("%s: holdfast %s", name, String.join(" ", args))
          .doesNotContain("retry: ");
      jobs.incrementAndGet();
      return result;
    }
  }
}
