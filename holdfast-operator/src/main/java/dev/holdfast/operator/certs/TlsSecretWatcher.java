package dev.holdfast.operator.certs;

import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.metrics.OperatorMetrics;
import dev.holdfast.tls.expiry.CertificateSummary;
import dev.holdfast.tls.expiry.ExpiryThresholds;
import dev.holdfast.tls.expiry.Verdict;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every {@code kubernetes.io/tls} Secret (cert-manager's, Holdfast's, anyone's; unless
 * {@link CertificateSettings#watchTlsSecrets()} is off) and the cluster CA's own Secret, and
 * reports how each certificate stands: the gauges of {@link TlsSecretMetrics}, and a Warning event
 * on the Secret when it turns warn, critical, expired or not yet valid (holdfast-tls's {@link
 * ExpiryThresholds}), once per change of verdict. Certificates are judged again every {@code
 * expiryCheckInterval}, since time passes without the Secret changing; the CA's Secret (an {@code
 * Opaque} one, which the type-filtered watch does not see) is read again at the same pace, one GET
 * each time.
 *
 * <p>Memory stays bounded: the informer keeps only each Secret's name and resource version (a
 * reduced item store), and this class only a {@link WatchedSecret} per Secret; the Secret's data is
 * parsed as it arrives and dropped. The list is paged, so a cluster with many Secrets is never read
 * in one response. Thread-safe.
 */
public final class TlsSecretWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TlsSecretWatcher.class);

  /** The key of the CA certificate in the CA's Secret. */
  private static final String CA_KEY = ClusterAuthority.CERTIFICATE_KEY;

  /** How many Secrets one list request returns. */
  static final long LIST_PAGE = 250;

  private final ConcurrentMap<String, WatchedSecret> watched = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<Secret>> informers = new ArrayList<>();
  private final ScheduledExecutorService checker;
  private final ExpiryThresholds thresholds;
  private final Clock clock;
  private final EventRecorder events;
  private final Resource<Secret> authoritySecret;
  private final String authorityKey;
  private final TlsSecretMetrics metrics;

  private TlsSecretWatcher(
      KubernetesClient client,
      ClusterAuthority authority,
      CertificateSettings settings,
      Clock clock,
      EventRecorder events,
      OperatorMetrics metrics) {
    this.authoritySecret =
        client.secrets().inNamespace(authority.namespace()).withName(authority.secretName());
    this.authorityKey = authority.describe();
    this.thresholds = settings.thresholds();
    this.clock = clock;
    this.events = events;
    this.metrics = new TlsSecretMetrics(metrics, this::secrets, thresholds, clock);
    this.checker =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("holdfast-tls-secret-expiry"));
  }

  /**
   * Starts watching the Secret of {@code authority} and, when {@code settings} say so, the TLS
   * Secrets of {@code namespaces} (every namespace when empty), and judging them now and every
   * {@code settings.expiryCheckInterval()}.
   */
  public static TlsSecretWatcher start(
      KubernetesClient client,
      Set<String> namespaces,
      CertificateSettings settings,
      ClusterAuthority authority,
      Clock clock,
      EventRecorder events,
      OperatorMetrics metrics) {
    TlsSecretWatcher watcher =
        new TlsSecretWatcher(client, authority, settings, clock, events, metrics);
    if (settings.watchTlsSecrets() && namespaces.isEmpty()) {
      watcher.inform(client, client.secrets().inAnyNamespace().withField("type", TlsSecrets.TYPE));
    } else if (settings.watchTlsSecrets()) {
      for (String namespace : namespaces) {
        watcher.inform(
            client, client.secrets().inNamespace(namespace).withField("type", TlsSecrets.TYPE));
      }
    }
    long every = settings.expiryCheckInterval().toMillis();
    watcher.checker.scheduleWithFixedDelay(watcher::check, 0, every, TimeUnit.MILLISECONDS);
    return watcher;
  }

  private void inform(KubernetesClient client, Informable<Secret> secrets) {
    SharedIndexInformer<Secret> informer = secrets.withLimit(LIST_PAGE).runnableInformer(0);
    informer.itemStore(
        new ReducedStateItemStore<>(
            ReducedStateItemStore.NAME_KEY_STATE,
            Secret.class,
            client.getKubernetesSerialization()));
    informer.addEventHandler(
        new ResourceEventHandler<Secret>() {
          @Override
          public void onAdd(Secret secret) {
            seen(secret);
          }

          @Override
          public void onUpdate(Secret before, Secret secret) {
            seen(secret);
          }

          @Override
          public void onDelete(Secret secret, boolean finalStateUnknown) {
            watched.remove(
                secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName());
          }
        });
    informers.add(informer);
    informer
        .start()
        .whenComplete(
            (started, failure) -> {
              if (failure != null) {
                // e.g. no RBAC to list Secrets: the certificates go unwatched, which must be seen
                LOG.warn("cannot watch TLS Secrets: {}", failure.getMessage());
              }
            });
  }

  /** Takes in a TLS Secret as it arrives: its summary replaces what was known of it. */
  void seen(Secret secret) {
    if (!TlsSecrets.TYPE.equals(secret.getType())) {
      return; // the API server filters by type; this guards a server that does not
    }
    take(secret, TlsSecrets.CERTIFICATE);
  }

  private void take(Secret secret, String certificateKey) {
    String key = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    WatchedSecret fresh = WatchedSecret.of(secret, certificateKey);
    WatchedSecret before = watched.get(key);
    if (before != null && before.sameCertificate(fresh)) {
      return; // the same certificate: keep what was announced about it
    }
    watched.put(key, fresh);
    if (fresh.problem() != null) {
      events.warning(fresh.reference(), "CertificateUnreadable", fresh.problem());
    }
    judge(key);
  }

  /**
   * Reads the CA's Secret again and judges every watched certificate now, warning about those whose
   * verdict got worse.
   */
  public void check() {
    readAuthority();
    for (String key : watched.keySet()) {
      judge(key);
    }
  }

  private void readAuthority() {
    Secret secret;
    try {
      secret = authoritySecret.get();
    } catch (KubernetesClientException e) {
      // keep what was known; the next check tries again (the status code only: no Secret content)
      LOG.warn("cannot read the cluster CA's Secret (HTTP {})", e.getCode());
      return;
    }
    if (secret == null) {
      // none yet (made on first use), or deleted to replace the CA: nothing to judge
      watched.remove(authorityKey);
      return;
    }
    take(secret, CA_KEY);
  }

  private void judge(String key) {
    WatchedSecret secret = watched.get(key);
    if (secret == null || secret.certificate().isEmpty()) {
      return;
    }
    CertificateSummary certificate = secret.certificate().get();
    Verdict verdict =
        thresholds.verdict(certificate.notBefore(), certificate.notAfter(), clock.instant());
    if (verdict == secret.announced()) {
      return;
    }
    // replace only what was judged: a newer certificate that arrived meanwhile is judged by itself
    if (watched.replace(key, secret, secret.announcing(verdict)) && verdict != Verdict.OK) {
      events.warning(secret.reference(), reason(verdict), message(secret, certificate, verdict));
    }
  }

  private static String reason(Verdict verdict) {
    switch (verdict) {
      case WARN:
        return "CertificateExpiringSoon";
      case CRITICAL:
        return "CertificateExpiryCritical";
      case EXPIRED:
        return "CertificateExpired";
      default:
        return "CertificateNotYetValid";
    }
  }

  private String message(WatchedSecret secret, CertificateSummary certificate, Verdict verdict) {
    String what =
        "Secret "
            + secret.key()
            + " "
            + secret.certificateKey()
            + ": "
            + certificate.subject()
            + " (serial "
            + certificate.serial()
            + ")";
    String notAfter = KubeTimes.format(certificate.notAfter());
    switch (verdict) {
      case EXPIRED:
        return what + " expired at " + notAfter;
      case NOT_YET_VALID:
        return what + " is not valid before " + KubeTimes.format(certificate.notBefore());
      default:
        Instant threshold =
            verdict == Verdict.CRITICAL
                ? thresholds.criticalAt(certificate.notBefore(), certificate.notAfter())
                : thresholds.warnAt(certificate.notBefore(), certificate.notAfter());
        return what
            + " expires at "
            + notAfter
            + "; it passed the "
            + verdict.word()
            + " threshold at "
            + KubeTimes.format(threshold)
            + secret
                .renewAt()
                .map(at -> "; Holdfast renews it at " + KubeTimes.format(at))
                .orElse("");
    }
  }

  /** What is known of every watched Secret now. */
  Collection<WatchedSecret> secrets() {
    return watched.values();
  }

  /** What the informers keep of each Secret (name and resource version only), for tests. */
  List<Secret> cached() {
    return informers.stream().flatMap(i -> i.getStore().list().stream()).toList();
  }

  /** Stops watching. */
  @Override
  public void close() {
    checker.shutdownNow();
    informers.forEach(SharedIndexInformer::stop);
    metrics.close();
  }
}
