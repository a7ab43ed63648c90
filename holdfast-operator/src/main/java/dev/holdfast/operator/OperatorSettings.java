package dev.holdfast.operator;

import dev.holdfast.operator.backup.BackupRunSettings;
import dev.holdfast.operator.certs.CertificateSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * How the operator runs.
 *
 * @param namespaces the namespaces whose Holdfast resources it reconciles; empty means all
 * @param clusterName the cluster's name in source names ({@code k8s://<cluster>/...})
 * @param clock the time every reconciler sees
 * @param serverTls this process's client certificate for repositories on a Holdfast server
 * @param serverSideApply whether the primary resources' status is written with server-side apply
 *     (true in a cluster; fabric8's mock API server, used in tests, does not implement it)
 * @param reconcileThreads how many resources are reconciled at once
 * @param shutdownGrace how long a stopping operator lets running reconciliations finish
 * @param certificates where the CA is kept and how TLS Secrets are watched
 * @param backups how Backups are run (bounds per repository, heartbeat grace)
 */
public record OperatorSettings(
    Set<String> namespaces,
    String clusterName,
    Clock clock,
    Supplier<Optional<SSLContext>> serverTls,
    boolean serverSideApply,
    int reconcileThreads,
    Duration shutdownGrace,
    CertificateSettings certificates,
    BackupRunSettings backups) {
  public OperatorSettings {
    Objects.requireNonNull(certificates, "certificates");
    Objects.requireNonNull(backups, "backups");
    namespaces = Set.copyOf(namespaces);
    if (reconcileThreads < 1) {
      throw new IllegalArgumentException("reconcileThreads must be at least 1");
    }
  }

  /** Every namespace, the system clock, no client certificate, server-side apply on. */
  public static OperatorSettings defaults() {
    return new OperatorSettings(
        Set.of(),
        "default",
        Clock.systemUTC(),
        Optional::empty,
        true,
        10,
        Duration.ofSeconds(30),
        CertificateSettings.defaults(),
        BackupRunSettings.defaults());
  }

  /** The same settings with server-side apply switched {@code on} or off. */
  public OperatorSettings withServerSideApply(boolean on) {
    return new OperatorSettings(
        namespaces,
        clusterName,
        clock,
        serverTls,
        on,
        reconcileThreads,
        shutdownGrace,
        certificates,
        backups);
  }

  /** The same settings with another clock. */
  public OperatorSettings withClock(Clock newClock) {
    return new OperatorSettings(
        namespaces,
        clusterName,
        newClock,
        serverTls,
        serverSideApply,
        reconcileThreads,
        shutdownGrace,
        certificates,
        backups);
  }

  /** The same settings with other certificate settings. */
  public OperatorSettings withCertificates(CertificateSettings newCertificates) {
    return new OperatorSettings(
        namespaces,
        clusterName,
        clock,
        serverTls,
        serverSideApply,
        reconcileThreads,
        shutdownGrace,
        newCertificates,
        backups);
  }

  /** The same settings with other Backup settings. */
  public OperatorSettings withBackups(BackupRunSettings newBackups) {
    return new OperatorSettings(
        namespaces,
        clusterName,
        clock,
        serverTls,
        serverSideApply,
        reconcileThreads,
        shutdownGrace,
        certificates,
        newBackups);
  }
}
