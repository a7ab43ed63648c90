package dev.holdfast.cli.command;

import dev.holdfast.cli.Formats;
import dev.holdfast.cli.GateOption;
import dev.holdfast.cli.Hosts;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.Postures;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.Times;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.finding.SeverityPolicy;
import dev.holdfast.sast.posture.FindingHistory;
import dev.holdfast.sast.posture.FindingStatus;
import dev.holdfast.sast.posture.PostureBook;
import dev.holdfast.sast.posture.PostureJudge;
import dev.holdfast.sast.posture.VersionFinding;
import dev.holdfast.sast.posture.VersionFindings;
import dev.holdfast.sast.posture.VersionPosture;
import dev.holdfast.sast.posture.VersionTimeline;
import dev.holdfast.sast.sarif.SarifReader;
import dev.holdfast.sast.store.FindingId;
import dev.holdfast.sast.store.IngestRequest;
import dev.holdfast.sast.store.IngestResult;
import dev.holdfast.sast.store.ReportHeader;
import dev.holdfast.sast.store.ReportStore;
import dev.holdfast.sast.store.SarifIngest;
import dev.holdfast.sast.store.StoredReport;
import dev.holdfast.sast.store.Waiver;
import dev.holdfast.sast.store.WaiverStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast sast ...}: security reports (SARIF) tied to application versions. */
@Command(
    name = "sast",
    description =
        "Security reports: ingest SARIF for an application version, browse versions and findings,"
            + " waive findings. Reports live in the repository, encrypted, and travel with copy.",
    subcommands = {
      SastCommand.Ingest.class,
      SastCommand.Reports.class,
      SastCommand.RemoveReport.class,
      SastCommand.Versions.class,
      SastCommand.Findings.class,
      SastCommand.Waive.class,
      SastCommand.Waivers.class,
      SastCommand.Unwaive.class
    })
public final class SastCommand {
  // Not runnable itself: 'holdfast sast' without a subcommand is a usage error.

  /** {@code sast ingest FILE|- --app NAME [--version ID]}. */
  @Command(
      name = "ingest",
      description = {
        "Store a SARIF 2.1.0 report as the security report of one application version.",
        "The version is --version, else the report's versionControlProvenance revisionId. An"
            + " invalid report is refused with where it is wrong, and nothing is stored."
      })
  public static final class Ingest extends RepoCommand {
    @Parameters(paramLabel = "FILE", description = "The report, or - to read standard input.")
    String file;

    @Option(names = "--app", required = true, paramLabel = "NAME", description = "Application.")
    String app;

    @Option(
        names = "--version",
        paramLabel = "ID",
        description = "Application version: a commit, image digest or release name.")
    String version;

    @Option(
        names = "--max-size",
        paramLabel = "BYTES",
        description = "Refuse reports larger than this (default 1 GiB).")
    long maxSize = SarifReader.DEFAULT_MAX_BYTES;

    @Option(
        names = "--level-severity",
        paramLabel = "LEVEL=SEVERITY[,...]",
        description =
            "How SARIF levels map to severities for rules without a security-severity (default"
                + " error=high,warning=medium,note=low,none=none), e.g. error=critical.")
    String levelSeverity;

    @Mixin GateOption gate = new GateOption();

    @Override
    public Integer call() {
      SeverityPolicy policy;
      try {
        policy =
            levelSeverity == null ? SeverityPolicy.github() : SeverityPolicy.parse(levelSeverity);
      } catch (IllegalArgumentException e) {
        throw new UsageError("--level-severity: " + e.getMessage());
      }
      boolean stdin = file.equals("-");
      String source = stdin ? "stdin" : Path.of(file).getFileName().toString();
      SarifReader reader = new SarifReader(policy, maxSize);
      try (Repository repo = Repositories.open(global());
          InputStream in = stdin ? System.in : open(Path.of(file))) {
        IngestResult result =
            new SarifIngest(repo, reader)
                .ingest(new IngestRequest(app, Optional.ofNullable(version), source), in);
        ReportHeader h = result.header();
        VersionPosture posture =
            PostureBook.load(repo, List.of(h.version()))
                .judge(gate.gate(), repo.clock().instant())
                .of(h.version());
        Output out = output();
        if (out.json()) {
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("created", result.created());
          json.put("report", Postures.json(h));
          json.put("gate", gate.gate().word());
          json.put("posture", Postures.json(posture));
          out.printJson(json);
        } else {
          out.line(
              (result.created() ? "ingested " : "already ingested (nothing written): ")
                  + h.source()
                  + " as "
                  + h.version()
                  + " (report "
                  + h.id()
                  + "): "
                  + h.runs().size()
                  + " runs ("
                  + String.join(", ", h.tools())
                  + "), "
                  + h.findings()
                  + " results");
          out.line(describe(posture, gate.gate().word()));
        }
        return 0;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static InputStream open(Path path) throws IOException {
      try {
        return new BufferedInputStream(Files.newInputStream(path), 1 << 16);
      } catch (NoSuchFileException e) {
        throw new NotFound("no report at " + path);
      }
    }
  }

  /** {@code sast reports [--app NAME]}. */
  @Command(name = "reports", description = "List the stored security reports.")
  public static final class Reports extends RepoCommand {
    @Option(names = "--app", paramLabel = "NAME", description = "Only this application's.")
    String app;

    @Override
    public Integer call() {
      try (Repository repo = Repositories.open(global())) {
        ReportStore.Listing listing = new ReportStore(repo).all();
        listing.unreadable().forEach(e -> warn(e.getMessage()));
        List<ReportHeader> headers =
            listing.reports().stream()
                .map(StoredReport::header)
                .filter(h -> app == null || h.version().name().equals(app))
                .toList();
        Output out = output();
        if (out.json()) {
          out.printJson(headers.stream().map(Postures::json).toList());
          return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (ReportHeader h : headers) {
          rows.add(
              List.of(
                  h.id(),
                  h.version().name(),
                  h.version().version(),
                  Formats.time(h.ingestedAt().atZone(ZoneId.systemDefault()).toOffsetDateTime()),
                  h.source(),
                  String.join(", ", h.tools()),
                  Long.toString(h.findings())));
        }
        out.table(List.of("ID", "App", "Version", "Ingested", "Source", "Tools", "Results"), rows);
        return 0;
      }
    }
  }

  /** {@code sast remove REPORT}. */
  @Command(
      name = "remove",
      description =
          "Remove a stored report (ingested for the wrong version, say); its findings no longer"
              + " count.")
  public static final class RemoveReport extends RepoCommand {
    @Parameters(paramLabel = "REPORT", description = "Report id (or a unique prefix of it).")
    String id;

    @Override
    public Integer call() {
      try (Repository repo = Repositories.open(global())) {
        ReportStore reports = new ReportStore(repo);
        BlobName name = reports.find(id);
        Optional<ReportHeader> removed = reports.remove(name);
        Output out = output();
        if (out.json()) {
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("removed", removed.map(Postures::json).orElse(null));
          json.put("name", name.name());
          out.printJson(json);
        } else {
          out.line(
              removed
                  .map(
                      h ->
                          "removed report "
                              + h.id()
                              + " of "
                              + h.version()
                              + " ("
                              + h.source()
                              + ")")
                  .orElse("removed unreadable report " + name.name().substring(32, 44)));
        }
        return 0;
      }
    }
  }

  /** {@code sast versions [--app NAME]}. */
  @Command(
      name = "versions",
      description =
          "List application versions (from snapshots and reports), oldest first, with their"
              + " open findings and verdict.")
  public static final class Versions extends RepoCommand {
    @Option(names = "--app", paramLabel = "NAME", description = "Only this application.")
    String app;

    @Mixin GateOption gate = new GateOption();

    @Override
    public Integer call() {
      try (Repository repo = Repositories.open(global())) {
        List<Snapshot> snapshots = repo.snapshots().list().snapshots();
        // Every report is read once; versions only snapshots name are unknown.
        PostureBook book = PostureBook.loadAll(repo);
        Postures.warnUnreadable(book, err());
        VersionTimeline timeline = VersionTimeline.of(snapshots, book);
        PostureJudge judge = book.judge(gate.gate(), repo.clock().instant());
        List<String> apps = app == null ? timeline.apps() : List.of(app);
        List<Map<String, Object>> json = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (String a : apps) {
          for (AppVersion v : timeline.versionsOf(a)) {
            VersionPosture p = judge.of(v);
            String first =
                timeline
                    .firstSeen(v)
                    .map(t -> Formats.time(t.atZone(ZoneId.systemDefault()).toOffsetDateTime()))
                    .orElse("");
            Map<String, Object> j = Postures.json(p);
            j.put("firstSeen", timeline.firstSeen(v).map(Times::format).orElse(null));
            j.put("snapshots", timeline.snapshots(v));
            json.add(j);
            List<String> row = new ArrayList<>();
            row.addAll(
                List.of(
                    a,
                    v.version(),
                    first,
                    Integer.toString(timeline.snapshots(v)),
                    Integer.toString(p.reports())));
            row.addAll(Postures.cells(p.open()));
            row.add(p.verdict().word());
            rows.add(row);
          }
        }
        Output out = output();
        if (out.json()) {
          out.printJson(json);
        } else {
          out.table(
              List.of(
                  "App",
                  "Version",
                  "First seen",
                  "Snapshots",
                  "Reports",
                  "Critical",
                  "High",
                  "Medium",
                  "Low",
                  "Verdict"),
              rows);
          out.line(
              "gate: "
                  + gate.gate().word()
                  + " (a clean version has no open finding at or"
                  + " above it)");
        }
        return 0;
      }
    }
  }

  /** {@code sast findings --app NAME [--version ID]}. */
  @Command(
      name = "findings",
      description = {
        "List the findings of an application: of one version with --version, else of every"
            + " reported version with the first and last version that had each.",
        "Status: open (counts), suppressed (by the report), waived (by a waiver in force), fixed"
            + " (baseline state absent)."
      })
  public static final class Findings extends RepoCommand {
    @Option(names = "--app", required = true, paramLabel = "NAME", description = "Application.")
    String app;

    @Option(names = "--version", paramLabel = "ID", description = "Only this version.")
    String version;

    @Option(
        names = "--min-severity",
        paramLabel = "SEVERITY",
        description = "Leave out findings below SEVERITY (critical, high, medium, low, info).")
    String minSeverity;

    @Option(names = "--open", description = "Only findings that count (status open).")
    boolean onlyOpen;

    @Override
    public Integer call() {
      Severity floor =
          minSeverity == null
              ? Severity.NONE
              : dev.holdfast.sast.posture.Gate.parse(minSeverity).threshold();
      try (Repository repo = Repositories.open(global())) {
        List<Snapshot> snapshots = repo.snapshots().list().snapshots();
        PostureBook book;
        List<FindingHistory> histories;
        if (version != null) {
          AppVersion v = appVersion(app, version);
          book = PostureBook.load(repo, List.of(v));
          VersionFindings findings = book.findings(v);
          if (!findings.reported()) {
            throw new NotFound("no report for " + v + " (see 'holdfast sast versions')");
          }
          histories = new ArrayList<>();
          for (VersionFinding f : findings.findings()) {
            histories.add(new FindingHistory(f.id(), List.of(v), f));
          }
        } else {
          book = PostureBook.loadAll(repo);
          histories = FindingHistory.of(app, VersionTimeline.of(snapshots, book), book);
        }
        Postures.warnUnreadable(book, err());
        PostureJudge judge =
            book.judge(dev.holdfast.sast.posture.Gate.DEFAULT, repo.clock().instant());
        List<FindingHistory> shown = new ArrayList<>();
        for (FindingHistory h : histories) {
          FindingStatus status = judge.statusOf(h.lastSeen(), h.latest());
          if (h.latest().finding().severity().atLeast(floor)
              && (!onlyOpen || status == FindingStatus.OPEN)) {
            shown.add(h);
          }
        }
        shown.sort(
            Comparator.comparing((FindingHistory h) -> h.latest().finding().severity())
                .thenComparing(FindingHistory::id));
        return render(shown, judge);
      }
    }

    private int render(List<FindingHistory> shown, PostureJudge judge) {
      Output out = output();
      if (out.json()) {
        List<Map<String, Object>> json = new ArrayList<>();
        for (FindingHistory h : shown) {
          var f = h.latest().finding();
          Map<String, Object> j = new LinkedHashMap<>();
          j.put("id", h.id().hex());
          j.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
          j.put("status", judge.statusOf(h.lastSeen(), h.latest()).word());
          j.put("tool", f.tool().name());
          j.put("toolVersion", f.tool().version());
          j.put("rule", f.ruleId());
          j.put("ruleName", f.ruleName());
          j.put("message", f.message());
          j.put("file", f.location().file());
          j.put("line", f.location().line());
          j.put("cwes", f.cwes());
          j.put("fingerprint", f.fingerprint().value());
          j.put("firstSeen", h.firstSeen().version());
          j.put("lastSeen", h.lastSeen().version());
          j.put("versions", h.versions().stream().map(AppVersion::version).toList());
          j.put(
              "waiver",
              judge
                  .waiverOf(app, h.id())
                  .map(w -> Map.of("id", w.id(), "until", Times.format(w.until())))
                  .orElse(null));
          json.add(j);
        }
        out.printJson(json);
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (FindingHistory h : shown) {
        var f = h.latest().finding();
        String where =
            f.location().file().isEmpty()
                ? ""
                : f.location().file() + (f.location().line() > 0 ? ":" + f.location().line() : "");
        rows.add(
            List.of(
                h.id().hex(),
                f.severity() == Severity.NONE
                    ? "info"
                    : f.severity().name().toLowerCase(Locale.ROOT),
                judge.statusOf(h.lastSeen(), h.latest()).word(),
                f.ruleId(),
                where,
                h.firstSeen().version(),
                h.lastSeen().version()));
      }
      out.table(
          List.of("ID", "Severity", "Status", "Rule", "Location", "First seen", "Last seen"), rows);
      return 0;
    }
  }

  /** {@code sast waive FINDING --reason TEXT --until DATE}. */
  @Command(
      name = "waive",
      description =
          "Accept a finding until a date: it stops counting against the posture of every version"
              + " of its application, and counts again when the waiver expires.")
  public static final class Waive extends RepoCommand {
    @Parameters(paramLabel = "FINDING", description = "Finding id (or a unique prefix of it).")
    String finding;

    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why (one line, kept on record).")
    String reason;

    @Option(
        names = "--until",
        required = true,
        paramLabel = "DATE",
        description =
            "Last day it applies (YYYY-MM-DD, through the end of that day, local time) or a time.")
    String until;

    @Option(names = "--app", paramLabel = "NAME", description = "The finding's application.")
    String app;

    @Override
    public Integer call() {
      Instant end = parseUntil(until);
      if (!finding.matches("[0-9a-f]{4,16}")) {
        throw new UsageError(
            "a finding id is 4 to 16 lower-case hex digits (see 'holdfast sast findings'), not '"
                + finding
                + "'");
      }
      try (Repository repo = Repositories.open(global())) {
        Map<String, FindingId> matches = new LinkedHashMap<>();
        for (VersionFindings v : PostureBook.loadAll(repo).versions()) {
          if (app != null && !v.version().name().equals(app)) {
            continue;
          }
          for (VersionFinding f : v.findings()) {
            if (f.id().hex().startsWith(finding)) {
              matches.put(v.version().name() + "/" + f.id().hex(), f.id());
            }
          }
        }
        if (matches.isEmpty()) {
          throw new NotFound("no finding has id " + finding + (app == null ? "" : " in " + app));
        }
        if (matches.size() > 1) {
          throw new UsageError(
              "finding id "
                  + finding
                  + " is ambiguous ("
                  + String.join(", ", matches.keySet())
                  + "): give more digits or --app");
        }
        String key = matches.keySet().iterator().next();
        String findingApp = key.substring(0, key.lastIndexOf('/'));
        Waiver w =
            new WaiverStore(repo)
                .add(
                    findingApp,
                    matches.get(key),
                    reason,
                    end,
                    Hosts.userName() + "@" + Hosts.hostName());
        Output out = output();
        if (out.json()) {
          out.printJson(WaiverView.of(w, repo.clock().instant()));
        } else {
          out.line(
              "waived finding "
                  + w.finding()
                  + " of "
                  + w.app()
                  + " until "
                  + Times.format(w.until())
                  + " (waiver "
                  + w.id().substring(0, 12)
                  + ")");
        }
        return 0;
      }
    }

    static Instant parseUntil(String text) {
      try {
        return LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant();
      } catch (DateTimeParseException e) {
        return Times.parse(text, "--until").toInstant();
      }
    }
  }

  /** The JSON form of a waiver. */
  record WaiverView(
      String id,
      String app,
      String finding,
      String reason,
      String until,
      boolean active,
      String createdAt,
      String by) {
    static WaiverView of(Waiver w, Instant now) {
      return new WaiverView(
          w.id(),
          w.app(),
          w.finding().hex(),
          w.reason(),
          Times.format(w.until()),
          w.activeAt(now),
          Times.format(w.createdAt()),
          w.by());
    }
  }

  /** {@code sast waivers}. */
  @Command(name = "waivers", description = "List waivers, in force and expired.")
  public static final class Waivers extends RepoCommand {
    @Override
    public Integer call() {
      try (Repository repo = Repositories.open(global())) {
        WaiverStore.Listing listing = new WaiverStore(repo).list();
        listing.unreadable().forEach(e -> warn(e.getMessage()));
        Instant now = repo.clock().instant();
        Output out = output();
        if (out.json()) {
          out.printJson(listing.waivers().stream().map(w -> WaiverView.of(w, now)).toList());
          return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Waiver w : listing.waivers()) {
          rows.add(
              List.of(
                  w.id().substring(0, 12),
                  w.app(),
                  w.finding().hex(),
                  Times.format(w.until()),
                  w.activeAt(now) ? "in force" : "expired",
                  w.by(),
                  w.reason()));
        }
        out.table(List.of("ID", "App", "Finding", "Until", "State", "By", "Reason"), rows);
        return 0;
      }
    }
  }

  /** {@code sast unwaive WAIVER}. */
  @Command(name = "unwaive", description = "Remove a waiver: its finding counts again.")
  public static final class Unwaive extends RepoCommand {
    @Parameters(paramLabel = "WAIVER", description = "Waiver id (or a unique prefix of it).")
    String id;

    @Override
    public Integer call() {
      try (Repository repo = Repositories.open(global())) {
        Optional<Waiver> w = new WaiverStore(repo).remove(id);
        Output out = output();
        if (out.json()) {
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("removed", w.map(x -> WaiverView.of(x, repo.clock().instant())).orElse(null));
          out.printJson(json);
        } else {
          out.line(
              w.map(x -> "removed waiver " + x.id().substring(0, 12) + " of finding " + x.finding())
                  .orElse("removed unreadable waiver " + id));
        }
        return 0;
      }
    }
  }

  static AppVersion appVersion(String app, String version) {
    try {
      return new AppVersion(app, version);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  /** A line for people: the verdict of a version and its counts. */
  static String describe(VersionPosture p, String gate) {
    return "version "
        + p.version()
        + ": "
        + p.verdict().word()
        + " under gate "
        + gate
        + "; open: "
        + p.open().describe()
        + (p.suppressed() > 0 ? "; suppressed " + p.suppressed() : "")
        + (p.waived() > 0 ? "; waived " + p.waived() : "")
        + (p.fixed() > 0 ? "; fixed " + p.fixed() : "");
  }
}
