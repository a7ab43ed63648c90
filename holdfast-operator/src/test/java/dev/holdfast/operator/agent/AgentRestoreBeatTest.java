package dev.holdfast.operator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.operator.api.Restore;
import dev.holdfast.operator.api.RestoreStatus;
import dev.holdfast.operator.restore.RestoreReconciler;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.s3.testing.SettableClock;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's heartbeat for a running restore: it stamps progress while the Restore is the agent's,
 * and gives the restore up (holdfast-core then stops at its next blob) once the operator ended it,
 * gave it to another node, or it was deleted.
 */
class AgentRestoreBeatTest {
  private static final String NAMESPACE = "holdfast";
  private static final String NODE = "node-1";

  private static final Duration INTERVAL = Duration.ofSeconds(10);

  @TempDir Path tmp;
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-26T01:00:00Z"));
  private KubeTestCluster cluster;
  private AgentRestoreReconciler agent;
  private final RestoreProgress progress = new RestoreProgress();
  private final RestoreBeat givenUp =
      new RestoreBeat(clock, RestoreReconciler.HEARTBEAT_GRACE, INTERVAL.multipliedBy(2));

  @BeforeEach
  void start() {
    cluster = KubeTestCluster.start();
    cluster.namespace(NAMESPACE);
    agent =
        new AgentRestoreReconciler(
            cluster.client(),
            new AgentSettings(
                NODE, tmp, "test-cluster", clock, Optional::empty, false, 2, INTERVAL, Set.of()));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void whileTheRestoreIsThisAgentsTheBeatStampsProgressAndGoesOn() {
    Restore restore = running("mine", NODE);

    agent.beat(restore, progress, givenUp);

    assertThat(givenUp.requested()).isFalse();
    RestoreStatus status = read("mine").getStatus();
    assertThat(status.files()).isZero();
    assertThat(status.heartbeatTime()).isNotNull();
  }

  @Test
  void aRestoreTheOperatorEndedIsGivenUpAndItsResultLeftAlone() {
    Restore restore = running("ended", NODE);
    Restore ended = read("ended");
    ended.setStatus(RestoreStatus.from(ended.getStatus()).result(RestoreReconciler.FAILED).build());
    cluster.client().resource(ended).updateStatus();

    agent.beat(restore, progress, givenUp);

    assertThat(givenUp.requested()).isTrue();
    assertThat(read("ended").getStatus().result()).isEqualTo(RestoreReconciler.FAILED);
    assertThat(read("ended").getStatus().heartbeatTime()).isNull();
  }

  @Test
  void beatsThatFailForAlmostTheOperatorsGraceGiveTheRestoreUp() {
    Restore restore = running("silent", NODE);
    agent.beat(restore, progress, givenUp);
    clock.advance(RestoreReconciler.HEARTBEAT_GRACE.minus(INTERVAL.multipliedBy(2)));
    assertThat(givenUp.requested()).as("just within the trusted time").isFalse();

    // No beat got through since (the API server was unreachable): the operator may fail the
    // Restore as stalled any moment now and delete the helper pod, unmounting the volume.
    clock.advance(Duration.ofSeconds(1));
    assertThat(givenUp.requested()).isTrue();
  }

  @Test
  void aBeatThatGetsThroughRenewsTheTrust() {
    Restore restore = running("renewed", NODE);
    clock.advance(Duration.ofSeconds(90));
    agent.beat(restore, progress, givenUp);
    clock.advance(Duration.ofSeconds(90));
    assertThat(givenUp.requested()).isFalse();
  }

  @Test
  void aRestoreGivenToAnotherNodeIsGivenUp() {
    Restore restore = running("moved", "node-2");

    agent.beat(restore, progress, givenUp);

    assertThat(givenUp.requested()).isTrue();
  }

  @Test
  void aDeletedRestoreIsGivenUp() {
    Restore restore = running("gone", NODE);
    cluster.client().resource(read("gone")).delete();

    Throwable thrown = catchThrowable(() -> agent.beat(restore, progress, givenUp));

    assertThat(thrown).isInstanceOf(KubernetesClientException.class);
    assertThat(givenUp.requested()).isTrue();
  }

  private Restore running(String name, String node) {
    Restore r = new Restore();
    r.getMetadata().setName(name);
    r.getMetadata().setNamespace(NAMESPACE);
    Restore created = cluster.client().resource(r).create();
    created.setStatus(RestoreStatus.from(null).phase(RestoreReconciler.RUNNING).node(node).build());
    return cluster.client().resource(created).updateStatus();
  }

  private Restore read(String name) {
    return cluster.client().resources(Restore.class).inNamespace(NAMESPACE).withName(name).get();
  }
}
