package dev.holdfast.operator.certs;

import dev.holdfast.tls.TlsException;
import dev.holdfast.tls.authority.IssuedLeaf;
import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.renewal.RenewalCheck;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the still-valid leaves a given CA signed among the Secrets ManagedCertificates write (those
 * labelled {@value TlsSecrets#MANAGED_BY}): in a cluster those Secrets are the record of every leaf
 * in use, as the ledger is for a CA kept in a folder. The list is read in pages, and only the leaf
 * of each Secret is looked at; keys are not read.
 */
final class LeavesOfCa {
  private final KubernetesClient client;
  private final Set<String> namespaces;

  /** Looks in {@code namespaces}, or every namespace when empty. */
  LeavesOfCa(KubernetesClient client, Set<String> namespaces) {
    this.client = client;
    this.namespaces = Set.copyOf(namespaces);
  }

  /**
   * The leaves signed by {@code ca} that are valid at {@code now}, oldest expiry first, as
   * generation {@code generation}'s; each subject names its Secret.
   */
  List<IssuedLeaf> valid(X509Certificate ca, int generation, Instant now) {
    List<IssuedLeaf> leaves = new ArrayList<>();
    if (namespaces.isEmpty()) {
      collect(null, ca, generation, now, leaves);
    } else {
      for (String namespace : namespaces) {
        collect(namespace, ca, generation, now, leaves);
      }
    }
    leaves.sort(Comparator.comparing(IssuedLeaf::notAfter));
    return leaves;
  }

  private void collect(
      String namespace, X509Certificate ca, int generation, Instant now, List<IssuedLeaf> leaves) {
    String next = null;
    do {
      ListOptionsBuilder options =
          new ListOptionsBuilder()
              .withLabelSelector(TlsSecrets.MANAGED_BY)
              .withLimit(TlsSecretWatcher.LIST_PAGE);
      if (next != null) {
        options.withContinue(next);
      }
      SecretList page =
          namespace == null
              ? client.secrets().inAnyNamespace().list(options.build())
              : client.secrets().inNamespace(namespace).list(options.build());
      for (Secret secret : page.getItems()) {
        leaf(secret)
            .filter(leaf -> RenewalCheck.signedBy(leaf, ca))
            .filter(leaf -> leaf.getNotAfter().toInstant().isAfter(now))
            .ifPresent(
                leaf ->
                    leaves.add(
                        new IssuedLeaf(
                            generation,
                            SerialNumber.of(leaf),
                            leaf.getNotAfter().toInstant(),
                            "Secret "
                                + TlsSecrets.name(secret)
                                + " "
                                + Certificates.subject(leaf))));
      }
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
  }

  private static Optional<X509Certificate> leaf(Secret secret) {
    try {
      return Optional.of(TlsSecrets.certificates(secret).get(0));
    } catch (TlsException e) {
      return Optional.empty(); // unreadable: it carries no leaf a peer could present
    }
  }
}
