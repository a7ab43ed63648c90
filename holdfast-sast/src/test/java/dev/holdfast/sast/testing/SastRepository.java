package dev.holdfast.sast.testing;

import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.ManualClock;
import dev.holdfast.core.testing.SnapshotHistories;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.sast.posture.Gate;
import dev.holdfast.sast.posture.PostureBook;
import dev.holdfast.sast.posture.PostureJudge;
import dev.holdfast.sast.sarif.SarifReader;
import dev.holdfast.sast.store.IngestRequest;
import dev.holdfast.sast.store.IngestResult;
import dev.holdfast.sast.store.ReportStore;
import dev.holdfast.sast.store.SarifIngest;
import dev.holdfast.sast.store.WaiverStore;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A test repository in memory whose time is a {@link ManualClock}, with short ways to ingest SARIF
 * reports, judge posture and damage stored blobs; and snapshot values that record application
 * versions, for posture and retention tests.
 */
public final class SastRepository {
  /** When the clock of every such repository starts. */
  public static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final InMemoryBlobStore store = new InMemoryBlobStore(clock);
  private final Repository repo = TestRepositories.init(store, clock);

  public ManualClock clock() {
    return clock;
  }

  public InMemoryBlobStore store() {
    return store;
  }

  public Repository repo() {
    return repo;
  }

  public ReportStore reports() {
    return new ReportStore(repo);
  }

  public WaiverStore waivers() {
    return new WaiverStore(repo);
  }

  /** Ingests {@code report} as version {@code version} of {@code app}, then moves the clock 1s. */
  public IngestResult ingest(String app, String version, SarifText report) {
    return ingest(new IngestRequest(app, Optional.of(version), "test.sarif"), report);
  }

  /** Ingests {@code report} as {@code request} says, then moves the clock 1s. */
  public IngestResult ingest(IngestRequest request, SarifText report) {
    IngestResult result =
        new SarifIngest(repo, SarifReader.withDefaults()).ingest(request, report.stream());
    clock.advance(Duration.ofSeconds(1));
    return result;
  }

  /** The posture book of {@code versions}, read now. */
  public PostureBook book(AppVersion... versions) {
    return PostureBook.load(repo, List.of(versions));
  }

  /** A judge of {@code versions} under {@code gate} at the clock's time. */
  public PostureJudge judge(Gate gate, AppVersion... versions) {
    return book(versions).judge(gate, clock.instant());
  }

  /** A judge of the versions {@code snapshots} recorded under {@code gate} at the clock's time. */
  public PostureJudge judge(Gate gate, Collection<Snapshot> snapshots) {
    return PostureBook.forSnapshots(repo, snapshots).judge(gate, clock.instant());
  }

  /** The one blob of {@code kind}. */
  public BlobName only(BlobKind kind) {
    List<BlobInfo> all = store.list(kind);
    if (all.size() != 1) {
      throw new AssertionError("expected one " + kind + " blob, found " + all.size());
    }
    return all.get(0).name();
  }

  /** Flips one bit in the middle of the stored blob {@code name}. */
  public void damage(BlobName name) {
    byte[] bytes = store.get(name);
    bytes[bytes.length / 2] ^= 0x01;
    replace(name, bytes);
  }

  /** Stores {@code bytes} as {@code name}, in place of what was there. */
  public void replace(BlobName name, byte[] bytes) {
    store.delete(name);
    store.putIfAbsent(name, bytes);
  }

  /** {@code NAME=VERSION} as an application version. */
  public static AppVersion app(String nameAndVersion) {
    return AppVersion.parse(nameAndVersion);
  }

  /**
   * A snapshot value of {@code source} at {@code time} (UTC) recording {@code versions}; its id
   * derives from {@code n}.
   */
  public static Snapshot snapshot(long n, Instant time, String source, AppVersion... versions) {
    Snapshot s =
        SnapshotHistories.snapshot(
            n, OffsetDateTime.ofInstant(time, ZoneOffset.UTC), "host", source, List.of());
    return withVersions(s, List.of(versions));
  }

  /** {@code s} recording {@code versions} instead of the versions it recorded. */
  public static Snapshot withVersions(Snapshot s, List<AppVersion> versions) {
    return s.withAppVersions(versions);
  }
}
