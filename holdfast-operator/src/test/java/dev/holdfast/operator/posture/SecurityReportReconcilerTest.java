package dev.holdfast.operator.posture;

import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.operator.HoldfastOperator;
import dev.holdfast.operator.OperatorSettings;
import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.BackupRepositorySpec;
import dev.holdfast.operator.api.SecretKeyReference;
import dev.holdfast.operator.api.SecurityReport;
import dev.holdfast.operator.api.SecurityReportSpec;
import dev.holdfast.operator.api.SecurityReportStatus;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.testing.Gauges;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.s3.testing.SettableClock;
import dev.holdfast.sast.posture.Gate;
import dev.holdfast.sast.posture.PostureBook;
import dev.holdfast.sast.posture.VersionPosture;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityReportReconcilerTest {
  private static final String NS = "holdfast";
  private static final String PASSPHRASE = "correct horse battery staple";

  /** Real reports of real scanners (holdfast-sast's corpus, see its README). */
  private static final Path CORPUS = Path.of("../holdfast-sast/src/test/resources/sarif-corpus");

  /** bandit: 5 high and 30 medium results, run.versionControlProvenance names one commit. */
  private static final Path BANDIT = CORPUS.resolve("shiftleft-bandit-report.sarif");

  /** gosec: 20 medium results, one commit. */
  private static final Path GOSEC = CORPUS.resolve("shiftleft-gosec-report.sarif");

  /** a bash linter: 24 low results, no revision named. */
  private static final Path BASH = CORPUS.resolve("shiftleft-bash-report.sarif");

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T09:00:00Z"));

  @TempDir Path temp;
  private KubeTestCluster cluster;
  private HoldfastOperator operator;
  private Path repositoryFolder;

  @BeforeEach
  void start() {
    cluster = KubeTestCluster.start();
    cluster.namespace(NS);
    cluster.secret(NS, "repo-pass", Map.of("passphrase", PASSPHRASE));
    repositoryFolder = temp.resolve("repo");
    BackupRepository repository = new BackupRepository();
    repository.getMetadata().setName("local");
    repository.getMetadata().setNamespace(NS);
    repository.setSpec(
        new BackupRepositorySpec(
            repositoryFolder.toString(),
            new SecretKeyReference("repo-pass", "passphrase"),
            null,
            null,
            null,
            null,
            null,
            null,
            null));
    cluster
        .client()
        .resources(BackupRepository.class)
        .inNamespace(NS)
        .resource(repository)
        .create();
    operator = cluster.startOperator(OperatorSettings.defaults().withClock(clock));
    // the repository is made by its own reconciler; reports are filed once it exists
    await(
        "BackupRepository local Ready",
        () ->
            cluster
                .client()
                .resources(BackupRepository.class)
                .inNamespace(NS)
                .withName("local")
                .get(),
        r ->
            r.getStatus() != null
                && Conditions.isTrue(r.getStatus().conditions(), Conditions.READY));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aRealReportIsFiledUnderItsRevisionAndItsVersionJudgedVulnerable() throws IOException {
    textConfigMap("bandit", Files.readString(BANDIT));
    create("payments-bandit", spec("payments", null, "bandit", null));

    SecurityReportStatus status = awaitIngested("payments-bandit", true).getStatus();

    assertThat(status.version()).isEqualTo("6495197047b585e8c94531922cf5a4f323ffd1a4");
    assertThat(status.verdict()).isEqualTo("vulnerable");
    assertThat(status.gate()).isEqualTo("high");
    assertThat(status.high()).isPositive();
    VersionPosture judged = judgeInRepository("payments", status.version(), Gate.DEFAULT);
    assertThat(
            List.of(status.critical(), status.high(), status.medium(), status.low(), status.info()))
        .containsExactly(
            (int) judged.open().critical(),
            (int) judged.open().high(),
            (int) judged.open().medium(),
            (int) judged.open().low(),
            (int) judged.open().info());
    assertThat(status.reportSha256()).isEqualTo(sha256(Files.readAllBytes(BANDIT)));
    assertThat(gauge(PostureMetrics.FINDINGS, "payments", "high"))
        .isEqualTo((double) status.high());
    assertThat(gauge(PostureMetrics.FINDINGS, "payments", "medium"))
        .isEqualTo((double) status.medium());
    assertThat(gauge(PostureMetrics.CLEAN, "payments", null)).isEqualTo(0.0);
    assertThat(events("payments-bandit"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .contains("payments=6495197047b585e8c94531922cf5a4f323ffd1a4")
                    .contains("vulnerable under gate high"));
  }

  @Test
  void theSameVersionIsCleanUnderTheDefaultGateAndVulnerableUnderAStricterOne() throws IOException {
    binaryConfigMap("gosec", Files.readAllBytes(GOSEC));
    create("gateway", spec("gateway", "v2.4.0", "gosec", null));
    create("gateway-strict", spec("gateway-strict", "v2.4.0", "gosec", "medium"));

    SecurityReportStatus lenient = awaitIngested("gateway", true).getStatus();
    SecurityReportStatus strict = awaitIngested("gateway-strict", true).getStatus();

    assertThat(lenient.version()).isEqualTo("v2.4.0");
    assertThat(lenient.verdict()).isEqualTo("clean");
    assertThat(lenient.medium()).isPositive();
    assertThat(strict.verdict()).isEqualTo("vulnerable");
    assertThat(strict.medium()).isEqualTo(lenient.medium());
    assertThat(gauge(PostureMetrics.CLEAN, "gateway", null)).isEqualTo(1.0);
    assertThat(gauge(PostureMetrics.CLEAN, "gateway-strict", null)).isEqualTo(0.0);
  }

  @Test
  void aMalformedReportIsRefusedWithWhereItBrokeAndNothingIsStored() throws IOException {
    byte[] report = Files.readAllBytes(BANDIT);
    textConfigMap(
        "cut", new String(Arrays.copyOf(report, report.length / 2), StandardCharsets.UTF_8));
    create("payments-cut", spec("payments", "v1", "cut", null));

    Condition ingested =
        Conditions.find(
                awaitIngested("payments-cut", false).getStatus().conditions(),
                SecurityReportReconciler.INGESTED)
            .orElseThrow();

    assertThat(ingested.getReason()).isEqualTo("MalformedSarif");
    assertThat(ingested.getMessage())
        .startsWith("ConfigMap holdfast/cut key report: malformed JSON at line ");
    assertThat(get("payments-cut").getStatus().verdict()).isNull();
    try (Repository repo = openRepository()) {
      assertThat(repo.store().list(BlobKind.REPORT)).isEmpty();
    }
    assertThat(gauge(PostureMetrics.CLEAN, "payments", null)).isNull();
  }

  @Test
  void aReportNamingNoRevisionNeedsSpecVersion() throws IOException {
    textConfigMap("bash", Files.readString(BASH));
    create("scripts", spec("scripts", null, "bash", null));

    Condition refused =
        Conditions.find(
                awaitIngested("scripts", false).getStatus().conditions(),
                SecurityReportReconciler.INGESTED)
            .orElseThrow();

    assertThat(refused.getReason()).isEqualTo("UsageError");
    assertThat(refused.getMessage())
        .isEqualTo(
            "the report names no revision (runs[].versionControlProvenance[].revisionId); set"
                + " spec.version to the application version it describes");
  }

  @Test
  void aReportLargerThanAConfigMapHoldsIsRefused() {
    char[] big = new char[ConfigMapReport.MAX_BYTES + 1];
    Arrays.fill(big, ' ');
    textConfigMap("huge", new String(big));
    create("huge", spec("payments", "v1", "huge", null));

    Condition refused =
        Conditions.find(
                awaitIngested("huge", false).getStatus().conditions(),
                SecurityReportReconciler.INGESTED)
            .orElseThrow();

    assertThat(refused.getMessage())
        .isEqualTo(
            "ConfigMap holdfast/huge key report holds 1.0 MiB, more than the 1.0 MiB a"
                + " SecurityReport reads from a ConfigMap; upload it with 'holdfast sast ingest'"
                + " instead");
  }

  @Test
  void aRestartedOperatorDoesNotIngestAgain() throws IOException {
    textConfigMap("bandit", Files.readString(BANDIT));
    create("payments-bandit", spec("payments", null, "bandit", null));
    SecurityReportStatus first = awaitIngested("payments-bandit", true).getStatus();

    operator.close();
    clock.advance(Duration.ofHours(2));
    operator = cluster.startOperator(OperatorSettings.defaults().withClock(clock));
    String restarted = KubeTimes.format(clock.instant());
    SecurityReportStatus after =
        await(
                "the restarted operator's verdict",
                () -> get("payments-bandit"),
                r -> restarted.equals(r.getStatus().judgedTime()))
            .getStatus();

    assertThat(after.ingestTime()).isEqualTo(first.ingestTime());
    assertThat(after.reportId()).isEqualTo(first.reportId());
    assertThat(events("payments-bandit"))
        .filteredOn(e -> e.getReason().equals("Ingested"))
        .hasSize(1);
    try (Repository repo = openRepository()) {
      assertThat(repo.store().list(BlobKind.REPORT)).hasSize(1);
    }
  }

  private static SecurityReportSpec spec(
      String app, String version, String configMap, String gate) {
    return new SecurityReportSpec(
        "local", app, version, new SecretKeyReference(configMap, "report"), gate);
  }

  private void create(String name, SecurityReportSpec spec) {
    SecurityReport report = new SecurityReport();
    report.getMetadata().setName(name);
    report.getMetadata().setNamespace(NS);
    report.setSpec(spec);
    cluster.client().resources(SecurityReport.class).inNamespace(NS).resource(report).create();
  }

  private SecurityReport get(String name) {
    return cluster.client().resources(SecurityReport.class).inNamespace(NS).withName(name).get();
  }

  private SecurityReport awaitIngested(String name, boolean ingested) {
    return await(
        "SecurityReport " + name + " Ingested=" + ingested,
        () -> get(name),
        r ->
            r.getStatus() != null
                && Conditions.find(r.getStatus().conditions(), SecurityReportReconciler.INGESTED)
                    .map(c -> c.getStatus().equals(ingested ? "True" : "False"))
                    .orElse(false));
  }

  private void textConfigMap(String name, String report) {
    createConfigMap(new ConfigMapBuilder().addToData("report", report), name);
  }

  private void binaryConfigMap(String name, byte[] report) {
    createConfigMap(
        new ConfigMapBuilder()
            .addToBinaryData("report", Base64.getEncoder().encodeToString(report)),
        name);
  }

  private void createConfigMap(ConfigMapBuilder map, String name) {
    cluster
        .client()
        .configMaps()
        .inNamespace(NS)
        .resource(map.withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  private Repository openRepository() {
    return Repository.open(
        LocalBlobStore.open(repositoryFolder), PASSPHRASE.toCharArray(), Clock.systemUTC());
  }

  /** The posture holdfast-sast gives the version, from the repository the operator wrote. */
  private VersionPosture judgeInRepository(String app, String version, Gate gate) {
    AppVersion appVersion = new AppVersion(app, version);
    try (Repository repo = openRepository()) {
      return PostureBook.load(repo, List.of(appVersion))
          .judge(gate, repo.clock().instant())
          .of(appVersion);
    }
  }

  private List<Event> events(String name) {
    return cluster.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private Double gauge(String name, String app, String severity) {
    return Gauges.value(
        operator.metrics().registry(),
        name,
        severity == null ? Map.of("app", app) : Map.of("app", app, "severity", severity));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
