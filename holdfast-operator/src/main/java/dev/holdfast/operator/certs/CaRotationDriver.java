package dev.holdfast.operator.certs;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.metrics.OperatorMetrics;
import dev.holdfast.tls.TlsException;
import dev.holdfast.tls.authority.RotationState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cluster CA's rotation ({@link CaRotation}) on the leader: looks now and every {@link
 * CaRotationSettings#checkInterval()} whether a step is due, and exports where the rotation stands
 * ({@link CaRotationMetrics}). Leader-only work, like the expiry watch: started when this replica
 * leads, closed when it stops. Thread-safe.
 */
public final class CaRotationDriver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CaRotationDriver.class);

  private final CaRotation rotation;
  private final AtomicReference<Optional<RotationState>> last =
      new AtomicReference<>(Optional.empty());
  private final CaRotationMetrics metrics;
  private final ScheduledExecutorService scheduler;

  private CaRotationDriver(CaRotation rotation, OperatorMetrics metrics) {
    this.rotation = rotation;
    this.metrics = new CaRotationMetrics(metrics, last::get);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("holdfast-ca-rotation"));
  }

  /**
   * Starts driving the rotation of {@code authority}'s CA, whose ManagedCertificate Secrets live in
   * {@code namespaces} (every namespace when empty).
   */
  public static CaRotationDriver start(
      KubernetesClient client,
      Set<String> namespaces,
      CertificateSettings settings,
      ClusterAuthority authority,
      Clock clock,
      EventRecorder events,
      OperatorMetrics metrics) {
    CaRotation rotation =
        new CaRotation(
            authority, settings.caRotation(), new LeavesOfCa(client, namespaces), events, clock);
    CaRotationDriver driver = new CaRotationDriver(rotation, metrics);
    long every = settings.caRotation().checkInterval().toMillis();
    driver.scheduler.scheduleWithFixedDelay(driver::check, 0, every, TimeUnit.MILLISECONDS);
    return driver;
  }

  /** Takes the step that is due now, if any; a failure is logged and tried again next time. */
  public synchronized void check() {
    try {
      last.set(rotation.check());
    } catch (HoldfastException | TlsException e) {
      // these name the Secret and the problem, never a key or the passphrase
      LOG.warn("the cluster CA rotation check failed: {}", e.getMessage());
    } catch (KubernetesClientException e) {
      // the status code only: a response body could echo the Secret
      LOG.warn("the cluster CA rotation check failed (HTTP {})", e.getCode());
    } catch (RuntimeException e) {
      LOG.warn("the cluster CA rotation check failed: {}", e.getClass().getSimpleName());
    }
  }

  /** Stops driving and removes the gauges. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    metrics.close();
  }
}
