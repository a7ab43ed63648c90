package dev.holdfast.bench;

import dev.holdfast.core.crypto.KdfParams;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.repository.InitOptions;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStats;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.SnapshotHistories;
import dev.holdfast.sast.sarif.SarifReader;
import dev.holdfast.sast.store.IngestRequest;
import dev.holdfast.sast.store.SarifIngest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Creates a repository with a long posture history for benchmarks of {@code holdfast posture}: many
 * snapshot manifests (real ones, saved through the snapshot store, all with one empty tree so the
 * repository checks clean) spread over sources and application versions, and a generated SARIF
 * report ingested for most versions, some clean, some vulnerable. The layout is a pure function of
 * the parameters; ids and ciphertext are random as in any repository.
 *
 * <p>The repository is created with an INSECURE, fast key derivation (a benchmark fixture: opening
 * it costs about a millisecond instead of Argon2id's default cost, so figures show the posture work
 * and not the KDF). The passphrase comes from {@code HOLDFAST_PASSWORD}.
 *
 * <p>Usage: {@code java -cp holdfast-bench.jar dev.holdfast.bench.PostureHistoryGenerator --repo
 * DIR [--snapshots 10000] [--sources 20] [--apps 5] [--versions 200] [--findings 200] [--seed 1]}.
 * See holdfast-bench/README.md.
 */
public final class PostureHistoryGenerator {
  /** The last snapshot is a day before this instant; reports are ingested at it. */
  static final Instant END = Instant.parse("2026-01-01T00:00:00Z");

  /** Share of versions without a report, in percent: their snapshots are unknown. */
  static final int UNREPORTED_PERCENT = 10;

  /** Share of reported versions whose report is clean, in percent; the others are vulnerable. */
  static final int CLEAN_PERCENT = 40;

  /** Share of sources whose snapshots also record a second application (a sidecar), in percent. */
  static final int SIDECAR_PERCENT = 35;

  private static final String[] APP_NAMES = {"shop-api", "billing", "catalog", "auth", "search"};

  private static final String USAGE =
      "usage: HOLDFAST_PASSWORD=... java -cp holdfast-bench.jar"
          + " dev.holdfast.bench.PostureHistoryGenerator --repo DIR [--snapshots N] [--sources N]\n"
          + "       [--apps N] [--versions N] [--findings N] [--seed N]\n"
          + "  Creates a repository (fast, insecure KDF) with N snapshots, one a day per source,\n"
          + "  recording 1-2 of the apps' versions each, and a SARIF report for most versions.";

  /** The parameters of a history. */
  record Params(int snapshots, int sources, int apps, int versions, int findings, long seed) {
    Params {
      positive(snapshots, "--snapshots");
      positive(sources, "--sources");
      positive(apps, "--apps");
      positive(versions, "--versions");
      if (findings < 0) {
        throw new IllegalArgumentException("--findings must not be negative");
      }
      if (versions < apps) {
        throw new IllegalArgumentException("--versions must be at least --apps (one per app)");
      }
    }

    private static void positive(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, was " + value);
      }
    }

    static Params defaults() {
      return new Params(10_000, 20, 5, 200, 200, 1);
    }

    int days() {
      return (snapshots + sources - 1) / sources;
    }

    int versionsPerApp() {
      return versions / apps;
    }
  }

  /** What a generated history holds. */
  record Summary(int snapshots, int versions, int clean, int vulnerable, int unreported) {}

  /** What one application version got: its id and report kind. */
  private record Version(AppVersion id, Instant deployed, Kind kind, long seed) {}

  private enum Kind {
    CLEAN,
    VULNERABLE,
    UNREPORTED
  }

  private final Params params;
  private final List<List<Version>> versionsByApp = new ArrayList<>();

  PostureHistoryGenerator(Params params) {
    this.params = params;
    SplittableRandom random = new SplittableRandom(params.seed());
    Instant start = END.minus(Duration.ofDays(params.days() + 1L));
    Duration between = Duration.ofDays(params.days()).dividedBy(params.versionsPerApp());
    for (int a = 0; a < params.apps(); a++) {
      String app = a < APP_NAMES.length ? APP_NAMES[a] : "app-" + a;
      List<Version> versions = new ArrayList<>();
      for (int v = 0; v < params.versionsPerApp(); v++) {
        String commit = HexFormat.of().toHexDigits(random.nextLong()) + "0".repeat(24);
        int roll = random.nextInt(100);
        Kind kind =
            roll < UNREPORTED_PERCENT
                ? Kind.UNREPORTED
                : random.nextInt(100) < CLEAN_PERCENT ? Kind.CLEAN : Kind.VULNERABLE;
        versions.add(
            new Version(
                new AppVersion(app, commit),
                start.plus(between.multipliedBy(v)),
                kind,
                random.nextLong()));
      }
      versionsByApp.add(versions);
    }
  }

  /** Command-line entry point; exits 2 on a usage error and 1 on a failure. */
  public static void main(String[] args) {
    try {
      Path repo = null;
      Params d = Params.defaults();
      int snapshots = d.snapshots();
      int sources = d.sources();
      int apps = d.apps();
      int versions = d.versions();
      int findings = d.findings();
      long seed = d.seed();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "-h", "--help" -> {
            System.out.println(USAGE);
            return;
          }
          case "--repo" -> repo = Path.of(Arguments.value(args, ++i));
          case "--snapshots" -> snapshots = Integer.parseInt(Arguments.value(args, ++i));
          case "--sources" -> sources = Integer.parseInt(Arguments.value(args, ++i));
          case "--apps" -> apps = Integer.parseInt(Arguments.value(args, ++i));
          case "--versions" -> versions = Integer.parseInt(Arguments.value(args, ++i));
          case "--findings" -> findings = Integer.parseInt(Arguments.value(args, ++i));
          case "--seed" -> seed = Long.parseLong(Arguments.value(args, ++i));
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (repo == null) {
        throw new IllegalArgumentException("--repo DIR is required");
      }
      String passphrase = System.getenv("HOLDFAST_PASSWORD");
      if (passphrase == null || passphrase.isEmpty()) {
        throw new IllegalArgumentException(
            "set HOLDFAST_PASSWORD to the new repository's passphrase");
      }
      Params params = new Params(snapshots, sources, apps, versions, findings, seed);
      long start = System.nanoTime();
      Summary s = new PostureHistoryGenerator(params).generate(repo, passphrase.toCharArray());
      System.err.printf(
          Locale.ROOT,
          "repository %s: %d snapshots, %d versions (%d clean, %d vulnerable, %d without report),"
              + " %d findings per report, in %.1f s%n",
          repo,
          s.snapshots(),
          s.versions(),
          s.clean(),
          s.vulnerable(),
          s.unreported(),
          params.findings(),
          (System.nanoTime() - start) / 1e9);
    } catch (IllegalArgumentException e) {
      System.err.println("PostureHistoryGenerator: " + e.getMessage());
      System.exit(2);
    } catch (RuntimeException | IOException e) {
      System.err.println("PostureHistoryGenerator: " + e);
      System.exit(1);
    }
  }

  /** Creates the repository at {@code dir}, which must be missing or empty, and fills it. */
  Summary generate(Path dir, char[] passphrase) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(dir + " is not empty");
        }
      }
    }
    InitOptions options = InitOptions.defaults().withKdf(KdfParams.forTests());
    try (Repository repo =
        Repository.init(
            LocalBlobStore.create(dir),
            passphrase,
            options,
            "bench",
            "bench",
            Clock.fixed(END, ZoneOffset.UTC))) {
      return fill(repo);
    }
  }

  /** Stores the snapshots and ingests the reports into {@code repo}. */
  Summary fill(Repository repo) throws IOException {
    List<Snapshot> snapshots = snapshots(SnapshotHistories.emptyTree(repo));
    saveAll(repo, snapshots);
    int[] kinds = ingestReports(repo);
    return new Summary(
        snapshots.size(),
        kinds[0] + kinds[1] + kinds[2],
        kinds[Kind.CLEAN.ordinal()],
        kinds[Kind.VULNERABLE.ordinal()],
        kinds[Kind.UNREPORTED.ordinal()]);
  }

  private static void saveAll(Repository repo, List<Snapshot> snapshots) {
    // Manifests are small and every put syncs: a few writers at once keep the disk busy.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> saved = new ArrayList<>();
      for (Snapshot s : snapshots) {
        saved.add(pool.submit(() -> repo.snapshots().save(s)));
      }
      for (Future<?> f : saved) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while saving snapshots", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("saving a snapshot failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Ingests a generated report for every version that has one.
   *
   * @return how many versions are clean, vulnerable and without a report, indexed by kind
   */
  int[] ingestReports(Repository repo) throws IOException {
    int[] kinds = new int[Kind.values().length];
    SarifIngest ingest = new SarifIngest(repo, SarifReader.withDefaults());
    for (List<Version> versions : versionsByApp) {
      for (Version v : versions) {
        kinds[v.kind().ordinal()]++;
        if (v.kind() != Kind.UNREPORTED) {
          ingest(ingest, v);
        }
      }
    }
    return kinds;
  }

  private void ingest(SarifIngest ingest, Version v) throws IOException {
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    new SarifGenerator(params.findings(), v.seed(), v.kind() == Kind.CLEAN, v.id().version())
        .write(report);
    ingest.ingest(
        new IngestRequest(
            v.id().name(), Optional.of(v.id().version()), v.id().name() + "-scan.sarif"),
        new ByteArrayInputStream(report.toByteArray()));
  }

  /**
   * The snapshot values: one a day per source, source {@code s} backing up app {@code s % apps}
   * (and, for some sources, a sidecar: the next app) at the version deployed then.
   */
  List<Snapshot> snapshots(ChunkId tree) {
    List<Snapshot> out = new ArrayList<>(params.snapshots());
    Instant first = END.minus(Duration.ofDays(params.days() + 1L));
    SplittableRandom random = new SplittableRandom(params.seed() ^ 0x5eed);
    boolean[] sidecar = new boolean[params.sources()];
    for (int s = 0; s < params.sources(); s++) {
      sidecar[s] = params.apps() > 1 && random.nextInt(100) < SIDECAR_PERCENT;
    }
    for (int n = 0; n < params.snapshots(); n++) {
      int source = n % params.sources();
      int day = n / params.sources();
      Instant time =
          first.plus(Duration.ofDays(day + 1L)).plus(Duration.ofMinutes(7L * source + 1));
      int app = source % params.apps();
      List<AppVersion> running = new ArrayList<>(2);
      running.add(runningAt(app, time));
      if (sidecar[source]) {
        running.add(runningAt((app + 1) % params.apps(), time));
      }
      String appName = running.get(0).name();
      out.add(
          new Snapshot(
              SnapshotHistories.idOf(n + 1),
              OffsetDateTime.ofInstant(time, ZoneOffset.UTC),
              "node-" + source % 3,
              "bench",
              "k8s://prod/" + appName + "/data-" + source,
              List.of("/data"),
              List.of(),
              new TreeMap<>(),
              running,
              Optional.empty(),
              tree,
              SnapshotStats.EMPTY,
              "bench"));
    }
    return out;
  }

  /** The version of app {@code app} deployed at {@code time}: the last one deployed before it. */
  private AppVersion runningAt(int app, Instant time) {
    List<Version> versions = versionsByApp.get(app);
    AppVersion running = versions.get(0).id();
    for (Version v : versions) {
      if (v.deployed().isAfter(time)) {
        break;
      }
      running = v.id();
    }
    return running;
  }
}
