package dev.holdfast.sast.store;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.crypto.AuthenticationFailed;
import dev.holdfast.core.crypto.ObjectSealer;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The security reports of a repository: one sealed blob per ingested report (docs/FORMAT.md,
 * "Security reports"), found by application version without opening any (see {@link ReportNames}).
 * Reports are written once and never changed; removing one is a user's explicit act. Thread-safe.
 */
public final class ReportStore {
  /** Largest plaintext of one stored report. */
  public static final long MAX_PLAINTEXT = 512L * 1024 * 1024;

  private final BlobStore store;
  private final ObjectSealer sealer;
  private final ReportNames names;

  public ReportStore(Repository repo) {
    this.store = repo.store();
    this.sealer = repo.key().objectSealer();
    this.names = new ReportNames(repo.key());
  }

  /** The result of reading many reports: those that opened, and those that did not. */
  public record Listing(List<StoredReport> reports, List<CorruptObject> unreadable) {
    public Listing {
      reports = List.copyOf(reports);
      unreadable = List.copyOf(unreadable);
    }
  }

  /** The blob name the report of {@code version} with bytes {@code sha256} has or would have. */
  BlobName nameOf(AppVersion version, String sha256) {
    return names.nameOf(version, sha256);
  }

  /** Stores a report's plaintext under {@code name}; false when those bytes were stored before. */
  boolean put(BlobName name, byte[] plaintext) {
    return store.putIfAbsent(name, sealer.seal(name.path(), plaintext));
  }

  /** Every report of the repository, oldest ingestion first. */
  public Listing all() {
    return read(store.list(BlobKind.REPORT).stream().map(BlobInfo::name).toList());
  }

  /** The reports of one application version, oldest ingestion first. */
  public Listing of(AppVersion version) {
    String part = names.versionPart(version);
    return read(
        store.list(BlobKind.REPORT).stream()
            .map(BlobInfo::name)
            .filter(n -> ReportNames.belongsTo(n, part))
            .toList());
  }

  /** The name and sealed size of every stored report, from one listing, without opening any. */
  public List<BlobInfo> blobs() {
    return store.list(BlobKind.REPORT);
  }

  /** Those of {@code blobs} that are reports of {@code version}, known by their names alone. */
  public List<BlobInfo> blobsOf(AppVersion version, List<BlobInfo> blobs) {
    String part = names.versionPart(version);
    return blobs.stream().filter(b -> ReportNames.belongsTo(b.name(), part)).toList();
  }

  /**
   * The reports of each of {@code versions}, listing the folder once.
   *
   * @return one listing per version, in the order given
   */
  public List<Listing> of(List<AppVersion> versions) {
    List<BlobName> all = store.list(BlobKind.REPORT).stream().map(BlobInfo::name).toList();
    List<Listing> out = new ArrayList<>(versions.size());
    for (AppVersion v : versions) {
      String part = names.versionPart(v);
      out.add(read(all.stream().filter(n -> ReportNames.belongsTo(n, part)).toList()));
    }
    return out;
  }

  /**
   * The name of the report whose id (or the start of it, at least 4 hex digits) is {@code prefix},
   * found by name alone, so a damaged report can be named too.
   *
   * @throws NotFound when no report has that id
   * @throws UsageError when the prefix is too short, not hex, or names more than one report
   */
  public BlobName find(String prefix) {
    if (!prefix.matches("[0-9a-f]{4,32}")) {
      throw new UsageError(
          "a report id is 4 to 32 lower-case hex digits (see 'holdfast sast reports'), not '"
              + prefix
              + "'");
    }
    List<BlobName> matches =
        store.list(BlobKind.REPORT).stream()
            .map(BlobInfo::name)
            .filter(n -> n.name().length() == 2 * ReportNames.HALF)
            .filter(n -> n.name().startsWith(prefix, ReportNames.HALF))
            .toList();
    if (matches.isEmpty()) {
      throw new NotFound("no security report has id " + prefix);
    }
    if (matches.size() > 1) {
      throw new UsageError("report id " + prefix + " is ambiguous: give more digits");
    }
    return matches.get(0);
  }

  /**
   * Removes the report named {@code name}, readable or not; what it said no longer counts.
   *
   * @return its header, or empty when it could not be read (it is removed all the same)
   */
  public Optional<ReportHeader> remove(BlobName name) {
    Optional<ReportHeader> header;
    try {
      header = Optional.of(open(name).header());
    } catch (CorruptObject e) {
      header = Optional.empty();
    }
    store.delete(name);
    return header;
  }

  /** Replaces a stored report that failed to open with a good copy of the same content. */
  void replaceDamaged(BlobName name, byte[] plaintext) {
    store.delete(name);
    put(name, plaintext);
  }

  /**
   * Opens one report.
   *
   * @throws CorruptObject when it fails authentication or its header is malformed
   * @throws NotFound when it is gone
   */
  public StoredReport open(BlobName name) {
    byte[] plain;
    String shortName = name.name().length() > 44 ? name.name().substring(32, 44) : name.name();
    try {
      plain = sealer.open(name.path(), store.get(name, MAX_PLAINTEXT + ObjectSealer.OVERHEAD));
    } catch (NoSuchBlob e) {
      throw new NotFound("security report " + shortName + " is gone");
    } catch (AuthenticationFailed e) {
      throw new CorruptObject(
          "security report " + shortName + " failed authentication (modified or damaged)");
    }
    try {
      ReportHeader header = ReportCodec.decodeHeader(name.name(), plain);
      if (!ReportNames.belongsTo(name, names.versionPart(header.version()))) {
        throw new IllegalArgumentException("its name does not match its version");
      }
      return new StoredReport(header, plain);
    } catch (IOException | IllegalArgumentException | DateTimeException e) {
      throw new CorruptObject("security report " + shortName + " is malformed: " + e.getMessage());
    }
  }

  private Listing read(List<BlobName> blobNames) {
    List<StoredReport> reports = new ArrayList<>();
    List<CorruptObject> bad = new ArrayList<>();
    for (BlobName n : blobNames) {
      try {
        reports.add(open(n));
      } catch (CorruptObject e) {
        bad.add(e);
      } catch (NotFound e) {
        // removed while we listed: it no longer counts
      }
    }
    reports.sort(
        Comparator.comparing((StoredReport r) -> r.header().ingestedAt())
            .thenComparing(r -> r.header().name()));
    return new Listing(reports, bad);
  }
}
