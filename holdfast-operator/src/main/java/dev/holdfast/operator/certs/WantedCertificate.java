package dev.holdfast.operator.certs;

import dev.holdfast.core.UsageError;
import dev.holdfast.operator.api.ManagedCertificate;
import dev.holdfast.operator.api.ManagedCertificateSpec;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.tls.ca.KeyAlgorithm;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.renewal.RenewalPolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A ManagedCertificate's spec as holdfast-tls understands it: the leaf request (names, usage, key
 * algorithm, lifetime), validated by {@link LeafRequest} before any key is made, and the renewal
 * policy (at {@code renewBefore}, else two thirds of the lifetime, with jitter).
 */
record WantedCertificate(LeafRequest request, RenewalPolicy policy) {
  /**
   * The certificate {@code resource} asks for.
   *
   * @throws dev.holdfast.tls.InvalidRequestException for a bad name, usage, algorithm or lifetime
   * @throws UsageError for a malformed duration, or a renewBefore not shorter than the duration
   */
  static WantedCertificate of(ManagedCertificate resource) {
    ManagedCertificateSpec spec = resource.getSpec();
    Duration lifetime =
        KubeTimes.duration(spec.duration(), LeafRequest.DEFAULT_LIFETIME, "spec.duration");
    RenewalPolicy policy = RenewalPolicy.DEFAULT;
    if (spec.renewBefore() != null && !spec.renewBefore().isBlank()) {
      Duration before = KubeTimes.duration(spec.renewBefore(), null, "spec.renewBefore");
      if (before.compareTo(lifetime) >= 0) {
        throw new UsageError(
            "spec.renewBefore ("
                + spec.renewBefore()
                + ") must be shorter than spec.duration ("
                + (spec.duration() == null ? "24h, the default" : spec.duration())
                + ")");
      }
      policy = RenewalPolicy.beforeExpiry(before).withJitter(RenewalPolicy.DEFAULT.jitter());
    }
    List<String> dns = orEmpty(spec.dnsNames());
    List<String> ips = orEmpty(spec.ipAddresses());
    List<String> uris = orEmpty(spec.uris());
    LeafRequest request =
        new LeafRequest(
            commonName(spec, resource.getMetadata().getName(), dns, ips, uris),
            dns,
            ips,
            uris,
            usage(spec.usages()),
            lifetime,
            spec.keyAlgorithm() == null
                ? KeyAlgorithm.ECDSA_P256
                : KeyAlgorithm.parse(spec.keyAlgorithm()));
    return new WantedCertificate(request, policy);
  }

  /** The common name given, else the first DNS name, URI or address, else the resource's name. */
  private static String commonName(
      ManagedCertificateSpec spec,
      String resourceName,
      List<String> dns,
      List<String> ips,
      List<String> uris) {
    if (spec.commonName() != null && !spec.commonName().isBlank()) {
      return spec.commonName();
    }
    for (List<String> names : List.of(dns, uris, ips)) {
      if (!names.isEmpty() && names.get(0).length() <= 64) {
        return names.get(0).strip();
      }
    }
    return resourceName.length() <= 64 ? resourceName : resourceName.substring(0, 64);
  }

  /** Both when none is named; server or client when only that one is. */
  private static Usage usage(List<String> usages) {
    Set<Usage> named = EnumSet.noneOf(Usage.class);
    for (String usage : orEmpty(usages)) {
      named.add(Usage.parse(usage));
    }
    if (named.size() == 1) {
      return named.iterator().next();
    }
    return Usage.BOTH;
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }
}
