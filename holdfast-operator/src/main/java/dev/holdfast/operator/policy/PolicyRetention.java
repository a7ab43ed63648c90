package dev.holdfast.operator.policy;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.forget.Forget;
import dev.holdfast.core.forget.ForgetRequest;
import dev.holdfast.core.forget.ForgetResult;
import dev.holdfast.core.lock.LockMode;
import dev.holdfast.core.lock.LockOwner;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.lock.RepositoryLock;
import dev.holdfast.core.prune.Prune;
import dev.holdfast.core.prune.PruneOptions;
import dev.holdfast.core.prune.PruneResult;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.retention.KeepRule;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotSelection;
import dev.holdfast.operator.api.Backup;
import dev.holdfast.operator.api.BackupPolicy;
import dev.holdfast.operator.api.BackupRepository;
import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.backup.BackupCompletion;
import dev.holdfast.operator.repository.RepositoryConnector;
import dev.holdfast.operator.schedule.Schedule;
import dev.holdfast.operator.workload.SourceNames;
import dev.holdfast.sast.posture.PostureBook;
import dev.holdfast.sast.posture.PostureJudge;
import dev.holdfast.sast.retention.LastCleanRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a policy's retention once one of its Backups has ended: {@code forget} over the snapshots
 * of that claim's source with the policy's keep rules, the newest {@code keepLastClean} clean
 * snapshots protected (as {@code holdfast forget} does), then {@code prune} when the policy asks
 * for it. Running it again changes nothing, so it is idempotent. Backups of one repository are
 * handled one at a time, and prune, which reads the whole repository, runs at most once per {@link
 * #PRUNE_INTERVAL} per repository (and only after a forget removed something); the data of
 * snapshots forgotten in between goes with the next prune.
 */
public final class PolicyRetention implements BackupCompletion {
  /** The shortest time between two prunes of one repository by this process. */
  public static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(PolicyRetention.class);
  private static final String OPERATOR = "holdfast-operator";

  private final KubernetesClient client;
  private final RepositoryConnector connector;
  private final String clusterName;
  private final Clock clock;
  private final Map<String, Object> repositoryLocks = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastPrune = new ConcurrentHashMap<>();

  /**
   * @param client reads the policy and the repository resource
   * @param connector opens repositories
   * @param clusterName the cluster's name in source names
   * @param clock the time prunes are spaced by
   */
  public PolicyRetention(
      KubernetesClient client, RepositoryConnector connector, String clusterName, Clock clock) {
    this.client = client;
    this.connector = connector;
    this.clusterName = clusterName;
    this.clock = clock;
  }

  /**
   * Forgets (and prunes) what the policy of {@code backup} no longer keeps of its claim; does
   * nothing for a Backup made by hand, or by a policy without keep rules.
   *
   * @throws dev.holdfast.core.HoldfastException when the policy's retention is invalid or the
   *     repository cannot be opened or changed
   */
  @Override
  public void completed(Backup backup) {
    String namespace = backup.getMetadata().getNamespace();
    String policyName = backup.getSpec().policy();
    if (policyName == null) {
      return;
    }
    BackupPolicy policy =
        client.resources(BackupPolicy.class).inNamespace(namespace).withName(policyName).get();
    if (policy == null) {
      LOG.info(
          "Backup {}/{}: policy {} is gone, no retention applied",
          namespace,
          backup.getMetadata().getName(),
          policyName);
      return;
    }
    RetentionRules rules = RetentionRules.of(policy.getSpec().retention());
    if (!rules.forgets()) {
      return;
    }
    ZoneId zone = Schedule.zone(policy.getSpec().timeZone(), "spec.timeZone");
    String repositoryName = backup.getSpec().repository();
    BackupRepository repository =
        client
            .resources(BackupRepository.class)
            .inNamespace(namespace)
            .withName(repositoryName)
            .get();
    if (repository == null) {
      throw new NotFound(
          "BackupRepository " + namespace + "/" + repositoryName + " does not exist");
    }
    String key = namespace + "/" + repositoryName;
    synchronized (repositoryLocks.computeIfAbsent(key, k -> new Object())) {
      apply(repository, key, backup.getSpec().claim(), rules, zone);
    }
  }

  private void apply(
      BackupRepository resource,
      String key,
      ObjectReference claim,
      RetentionRules rules,
      ZoneId zone) {
    String source = SourceNames.of(clusterName, claim);
    try (Repository repo = connector.open(resource)) {
      Locks locks = new Locks(repo, LockOwner.thisProcess(OPERATOR, OPERATOR));
      SnapshotSelection selection =
          new SnapshotSelection(Optional.of(source), Optional.empty(), List.of(), new TreeMap<>());
      ForgetResult result;
      try (RepositoryLock lock = locks.acquire(LockMode.SHARED, "forget")) {
        List<Snapshot> ofSource =
            repo.snapshots().list().snapshots().stream().filter(selection).toList();
        ForgetRequest request =
            ForgetRequest.byPolicy(rules.keep(), selection, zone, false)
                .protectedBy(protections(repo, ofSource, rules));
        result = new Forget(repo).run(request);
      }
      for (CorruptObject e : result.unreadable()) {
        LOG.warn("{}: {} (left as it is)", source, e.getMessage());
      }
      LOG.info(
          "{}: retention kept {}, removed {} snapshots", source, result.kept(), result.removed());
      if (rules.prune() && result.removed() > 0 && pruneDue(key)) {
        PruneResult pruned = new Prune(repo, locks).run(PruneOptions.DEFAULT);
        lastPrune.put(key, clock.instant());
        LOG.info(
            "{}: pruned, {} packs deleted, {} bytes freed",
            key,
            pruned.packsDeleted(),
            pruned.bytesFreed());
      }
    }
  }

  private boolean pruneDue(String key) {
    Instant last = lastPrune.get(key);
    return last == null || !clock.instant().isBefore(last.plus(PRUNE_INTERVAL));
  }

  /** The newest clean snapshots of the claim, which forget never removes. */
  private static List<KeepRule> protections(
      Repository repo, List<Snapshot> ofSource, RetentionRules rules) {
    if (rules.keepLastClean() == 0) {
      return List.of();
    }
    PostureBook book = PostureBook.forVerdicts(repo, ofSource);
    for (CorruptObject e : book.unreadable()) {
      LOG.warn("{} (its version is not judged clean)", e.getMessage());
    }
    PostureJudge judge = book.judge(rules.gate(), repo.clock().instant());
    return List.of(new LastCleanRule(ofSource, rules.keepLastClean(), judge));
  }
}
