package dev.holdfast.operator.posture;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.SecurityReport;
import dev.holdfast.operator.api.SecurityReportSpec;
import dev.holdfast.operator.api.SecurityReportStatus;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.kube.StatusUpdates;
import dev.holdfast.operator.metrics.OperatorMetrics;
import dev.holdfast.operator.repository.RepositoryConnector;
import dev.holdfast.sast.finding.SeverityPolicy;
import dev.holdfast.sast.posture.Gate;
import dev.holdfast.sast.posture.PostureBook;
import dev.holdfast.sast.posture.SeverityCounts;
import dev.holdfast.sast.posture.VersionPosture;
import dev.holdfast.sast.sarif.InvalidSarif;
import dev.holdfast.sast.sarif.RunSummary;
import dev.holdfast.sast.sarif.SarifReader;
import dev.holdfast.sast.sarif.SarifSummary;
import dev.holdfast.sast.store.IngestRequest;
import dev.holdfast.sast.store.ReportHeader;
import dev.holdfast.sast.store.SarifIngest;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files a SecurityReport's SARIF (from a ConfigMap) under its application version in a repository,
 * with holdfast-sast's ingestion, and reports the version's posture under the gate: counts of open
 * findings per severity and the verdict. The report is read and validated before the repository is
 * opened, so a malformed one is refused with the parser's line and column or JSON pointer and
 * nothing is stored. The same bytes for the same spec are not ingested again (the report's SHA-256
 * and the generation are in the status); the verdict is judged again every {@link
 * #REJUDGE_INTERVAL}, since waivers come and expire.
 */
@ControllerConfiguration(name = "securityreport")
public final class SecurityReportReconciler implements Reconciler<SecurityReport> {
  /** The condition type that says whether the report was ingested. */
  public static final String INGESTED = "Ingested";

  static final Duration REJUDGE_INTERVAL = Duration.ofHours(1);
  static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

  private static final SarifReader READER =
      new SarifReader(SeverityPolicy.github(), ConfigMapReport.MAX_BYTES);

  private final KubernetesClient client;
  private final RepositoryConnector connector;
  private final EventRecorder events;
  private final Clock clock;
  private volatile IndexerResourceCache<SecurityReport> reports;

  /** Ingests into repositories opened by {@code connector}; registers the posture gauges. */
  public SecurityReportReconciler(
      KubernetesClient client,
      RepositoryConnector connector,
      EventRecorder events,
      Clock clock,
      OperatorMetrics metrics) {
    this.client = client;
    this.connector = connector;
    this.events = events;
    this.clock = clock;
    new PostureMetrics(metrics, this::cachedReports);
  }

  /** Keeps the SecurityReports' cache, which the posture gauges read; no other event source. */
  @Override
  public List<EventSource<?, SecurityReport>> prepareEventSources(
      EventSourceContext<SecurityReport> context) {
    reports = context.getPrimaryCache();
    return List.of();
  }

  @Override
  public UpdateControl<SecurityReport> reconcile(
      SecurityReport resource, Context<SecurityReport> context) {
    Instant now = clock.instant();
    SecurityReportStatus after;
    Duration next = REJUDGE_INTERVAL;
    try {
      after = ingestAndJudge(resource, now);
    } catch (InvalidSarif e) {
      after = refused(resource, e, now); // the report must change first: no hurry to look again
    } catch (HoldfastException e) {
      after = refused(resource, e, now);
      next = RETRY_AFTER_FAILURE;
    }
    return StatusUpdates.patchIfChanged(resource, after, next);
  }

  private SecurityReportStatus ingestAndJudge(SecurityReport resource, Instant now) {
    String namespace = resource.getMetadata().getNamespace();
    SecurityReportSpec spec = resource.getSpec();
    SecurityReportStatus before = resource.getStatus();
    long generation = generation(resource);
    Gate gate = Gate.parse(spec.gate() == null ? Gate.DEFAULT.word() : spec.gate());
    ConfigMapReport report = ConfigMapReport.read(client, namespace, spec.configMapRef());
    boolean known =
        before != null
            && Objects.equals(before.observedGeneration(), generation)
            && report.sha256().equals(before.reportSha256())
            && before.version() != null
            && Conditions.isTrue(before.conditions(), INGESTED);
    if (!known) {
      requireVersion(spec, validate(report));
    }
    BackupRepository repository = repository(namespace, spec.repository());
    try (Repository repo = connector.open(repository)) {
      AppVersion version;
      String reportId;
      String ingestTime;
      String what;
      if (known) {
        version = new AppVersion(spec.app(), before.version());
        reportId = before.reportId();
        ingestTime = before.ingestTime();
        what = "report " + reportId;
      } else {
        ReportHeader header =
            new SarifIngest(repo, READER)
                .ingest(
                    new IngestRequest(
                        spec.app(), Optional.ofNullable(spec.version()), report.source()),
                    new ByteArrayInputStream(report.bytes()))
                .header();
        version = header.version();
        reportId = header.id();
        ingestTime = KubeTimes.format(header.ingestedAt());
        what =
            "report "
                + reportId
                + " of "
                + version
                + ": "
                + header.findings()
                + " results from "
                + String.join(", ", header.tools());
      }
      VersionPosture posture =
          PostureBook.load(repo, List.of(version)).judge(gate, now).of(version);
      SeverityCounts open = posture.open();
      String message =
          what
              + "; "
              + posture.verdict().word()
              + " under gate "
              + gate.word()
              + " ("
              + open.describe()
              + " open)";
      if (!known) {
        events.normal(resource, "Ingested", message);
      }
      List<Condition> conditions =
          Conditions.with(
              before == null ? null : before.conditions(),
              INGESTED,
              true,
              "Ingested",
              message,
              generation,
              now);
      return new SecurityReportStatus(
          generation,
          version.version(),
          posture.verdict().word(),
          count(open.critical()),
          count(open.high()),
          count(open.medium()),
          count(open.low()),
          ingestTime,
          conditions,
          count(open.info()),
          gate.word(),
          reportId,
          report.sha256(),
          KubeTimes.format(now));
    }
  }

  /**
   * Reads the whole report once without storing anything: a malformed report is refused here,
   * before any repository is opened.
   *
   * @throws InvalidSarif naming where the report is wrong
   */
  private static SarifSummary validate(ConfigMapReport report) {
    return READER.read(new ByteArrayInputStream(report.bytes()), report.source(), finding -> {});
  }

  /** Without spec.version, the report must name exactly one revision to file it under. */
  private static void requireVersion(SecurityReportSpec spec, SarifSummary summary) {
    if (spec.version() != null && !spec.version().isBlank()) {
      return;
    }
    Set<String> revisions = new LinkedHashSet<>();
    for (RunSummary run : summary.runs()) {
      revisions.addAll(run.revisionIds());
    }
    if (revisions.size() != 1) {
      throw new UsageError(
          "the report names "
              + (revisions.isEmpty() ? "no revision" : revisions.size() + " revisions " + revisions)
              + " (runs[].versionControlProvenance[].revisionId); set spec.version to the"
              + " application version it describes");
    }
  }

  private BackupRepository repository(String namespace, String name) {
    BackupRepository repository =
        client.resources(BackupRepository.class).inNamespace(namespace).withName(name).get();
    if (repository == null) {
      throw new UsageError("BackupRepository " + namespace + "/" + name + " does not exist");
    }
    return repository;
  }

  private SecurityReportStatus refused(SecurityReport resource, HoldfastException e, Instant now) {
    SecurityReportStatus before = resource.getStatus();
    List<Condition> conditions = before == null ? null : before.conditions();
    String reason = e.getClass().getSimpleName();
    if (Conditions.isNewFailure(conditions, INGESTED, e.getMessage())) {
      events.warning(resource, reason, e.getMessage());
    }
    List<Condition> after =
        Conditions.with(
            conditions, INGESTED, false, reason, e.getMessage(), generation(resource), now);
    if (before == null) {
      return new SecurityReportStatus(
          null, null, null, null, null, null, null, null, after, null, null, null, null, null);
    }
    // what was ingested before still stands; only the condition says the new input was refused
    return new SecurityReportStatus(
        before.observedGeneration(),
        before.version(),
        before.verdict(),
        before.critical(),
        before.high(),
        before.medium(),
        before.low(),
        before.ingestTime(),
        after,
        before.info(),
        before.gate(),
        before.reportId(),
        before.reportSha256(),
        before.judgedTime());
  }

  private Stream<SecurityReport> cachedReports() {
    IndexerResourceCache<SecurityReport> cache = reports;
    return cache == null ? Stream.empty() : cache.list();
  }

  private static Integer count(long n) {
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  private static long generation(SecurityReport resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
