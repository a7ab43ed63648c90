package dev.holdfast.cli.command;

import dev.holdfast.cli.ExitCode;
import dev.holdfast.cli.Formats;
import dev.holdfast.cli.Hosts;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.Passphrases;
import dev.holdfast.cli.ProgressLine;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.SnapshotFilter;
import dev.holdfast.cli.Times;
import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.RepositoryNotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.WrongPassphrase;
import dev.holdfast.core.copy.Copy;
import dev.holdfast.core.copy.CopyOutcome;
import dev.holdfast.core.copy.CopyProgress;
import dev.holdfast.core.copy.CopyRequest;
import dev.holdfast.core.copy.CopyResult;
import dev.holdfast.core.copy.CopySettings;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStore;
import dev.holdfast.sast.store.SecurityRecordsCopy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code holdfast copy --from-repo SRC [SNAPSHOT...]}: copies snapshots from another repository
 * into the one named by {@code --repo}, skipping those already copied.
 */
@Command(
    name = "copy",
    description =
        "Copy snapshots from another repository (--from-repo) into this one (--repo),"
            + " skipping those copied before.")
public final class CopyCommand extends RepoCommand {
  @Option(
      names = "--from-repo",
      paramLabel = "REPO",
      description = "The repository to copy from (default from HOLDFAST_FROM_REPO).")
  String fromRepo;

  @Option(
      names = "--from-password-file",
      paramLabel = "FILE",
      description =
          "Read the source's passphrase from the first line of FILE (else"
              + " HOLDFAST_FROM_PASSWORD_FILE, else HOLDFAST_FROM_PASSWORD, else a prompt).")
  Path fromPasswordFile;

  @Parameters(
      paramLabel = "SNAPSHOT",
      arity = "0..*",
      description = "Snapshots of the source to copy (default: all that the filters choose).")
  List<String> refs = new ArrayList<>();

  @Mixin SnapshotFilter filter = new SnapshotFilter();

  @Override
  public Integer call() {
    String from = fromRepo != null ? fromRepo : env("HOLDFAST_FROM_REPO");
    if (from == null) {
      throw new UsageError("no repository to copy from: use --from-repo or set HOLDFAST_FROM_REPO");
    }
    try (Repository source =
            opened(
                "source",
                () ->
                    Repositories.open(
                        global(),
                        from,
                        () ->
                            Passphrases.read(
                                sourcePasswordFile(),
                                "HOLDFAST_FROM_PASSWORD",
                                "Passphrase of the source repository: ")));
        Repository destination =
            opened(
                "destination",
                () ->
                    Repositories.open(
                        global(),
                        global().repo(),
                        () ->
                            Passphrases.read(
                                global().passwordFile(),
                                "HOLDFAST_PASSWORD",
                                "Passphrase of the destination repository: ")))) {
      CopyRequest request = new CopyRequest(chosen(source));
      CopyProgress progress = new CopyProgress();
      CopyResult result =
          ProgressLine.during(
              global(),
              new ProgressLine.Counters(
                  progress::filesDone,
                  progress::totalFiles,
                  progress::bytesDone,
                  progress::totalBytes,
                  () -> true),
              () ->
                  new Copy(
                          source,
                          destination,
                          CopySettings.forMachine(),
                          LockOwner.thisProcess(Hosts.hostName(), Hosts.userName()))
                      .run(request, progress));
      for (CopyOutcome o : result.snapshots()) {
        o.problem().ifPresent(p -> err().println("error: " + p));
      }
      err().flush();
      SecurityRecordsCopy.Result records = SecurityRecordsCopy.copy(source, destination);
      records.unreadable().forEach(e -> warn("source repository: " + e.getMessage()));
      print(output(), result, records);
      return result.complete() ? ExitCode.OK.code() : ExitCode.CORRUPT.code();
    }
  }

  private Path sourcePasswordFile() {
    if (fromPasswordFile != null) {
      return fromPasswordFile;
    }
    String file = env("HOLDFAST_FROM_PASSWORD_FILE");
    return file == null ? null : Path.of(file);
  }

  private static String env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** Opens one side, naming that side when its location or passphrase is wrong. */
  private static Repository opened(String side, Supplier<Repository> open) {
    try {
      return open.get();
    } catch (WrongPassphrase e) {
      throw new WrongPassphrase(side + " repository: " + e.getMessage(), e);
    } catch (RepositoryNotFound e) {
      throw new RepositoryNotFound(side + " repository: " + e.getMessage());
    }
  }

  /** The source snapshots named, or all that the filters choose. */
  private List<SnapshotId> chosen(Repository source) {
    SnapshotStore.Listing listing = source.snapshots().list();
    for (CorruptObject e : listing.unreadable()) {
      warn("source repository: " + e.getMessage());
    }
    if (refs.isEmpty()) {
      return listing.snapshots().stream().filter(filter.predicate()).map(Snapshot::id).toList();
    }
    List<SnapshotId> ids = new ArrayList<>();
    for (String ref : refs) {
      ids.add(source.snapshots().resolve(ref, filter.predicate()).id());
    }
    return ids;
  }

  private static void print(Output out, CopyResult r, SecurityRecordsCopy.Result records) {
    if (out.json()) {
      Map<String, Object> json = json(r);
      Map<String, Object> security = new LinkedHashMap<>();
      security.put("reportsCopied", records.reportsCopied());
      security.put("reportsPresent", records.reportsPresent());
      security.put("waiversCopied", records.waiversCopied());
      security.put("waiversPresent", records.waiversPresent());
      json.put("security", security);
      out.printJson(json);
      return;
    }
    for (CopyOutcome o : r.snapshots()) {
      String from = o.source().id().toShortHex();
      String to = o.destination().map(d -> d.id().toShortHex()).orElse("");
      switch (o.status()) {
        case COPIED:
          out.line(
              String.format(
                  "%s -> %s  copied (read %s, stored %s)",
                  from, to, Formats.bytes(o.bytesRead()), Formats.bytes(o.bytesStored())));
          break;
        case ALREADY_COPIED:
          out.line(from + " -> " + to + "  already copied");
          break;
        default:
          out.line(from + "              not copied: the source's data is damaged (see above)");
          break;
      }
    }
    long copied = r.count(CopyOutcome.Status.COPIED);
    long already = r.count(CopyOutcome.Status.ALREADY_COPIED);
    long failed = r.count(CopyOutcome.Status.FAILED);
    out.line(
        String.format(
            "%d snapshots: %d copied, %d already copied%s",
            r.snapshots().size(),
            copied,
            already,
            failed > 0 ? ", " + failed + " not copied" : ""));
    out.line(
        "read "
            + Formats.bytes(r.bytesRead())
            + " from the source, stored "
            + Formats.bytes(r.bytesStored())
            + " new in the destination");
    if (records.reportsCopied() + records.reportsPresent() + records.waiversCopied() > 0) {
      out.line(
          String.format(
              "security reports: %d copied, %d already there; waivers: %d copied",
              records.reportsCopied(), records.reportsPresent(), records.waiversCopied()));
    }
  }

  /** The JSON form of a copy (docs/CLI.md). */
  static Map<String, Object> json(CopyResult r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sourceRepository", r.sourceRepository());
    json.put("destinationRepository", r.destinationRepository());
    json.put("copied", r.count(CopyOutcome.Status.COPIED));
    json.put("alreadyCopied", r.count(CopyOutcome.Status.ALREADY_COPIED));
    json.put("failed", r.count(CopyOutcome.Status.FAILED));
    json.put("bytesRead", r.bytesRead());
    json.put("bytesStored", r.bytesStored());
    List<Map<String, Object>> snapshots = new ArrayList<>();
    for (CopyOutcome o : r.snapshots()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("status", status(o.status()));
      s.put("sourceSnapshot", o.source().id().toHex());
      s.put("destinationSnapshot", o.destination().map(d -> d.id().toHex()).orElse(null));
      s.put("time", Times.format(o.source().time()));
      s.put("source", o.source().source());
      s.put("chunksRead", o.chunksRead());
      s.put("bytesRead", o.bytesRead());
      s.put("bytesStored", o.bytesStored());
      s.put("problem", o.problem().orElse(null));
      snapshots.add(s);
    }
    json.put("snapshots", snapshots);
    return json;
  }

  private static String status(CopyOutcome.Status status) {
    switch (status) {
      case COPIED:
        return "copied";
      case ALREADY_COPIED:
        return "alreadyCopied";
      default:
        return "failed";
    }
  }
}
