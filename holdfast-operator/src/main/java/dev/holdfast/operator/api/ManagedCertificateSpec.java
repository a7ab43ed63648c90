package dev.holdfast.operator.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * The certificate wanted.
 *
 * @param secretName the Secret to write ({@code tls.crt}, {@code tls.key}, {@code ca.crt})
 * @param commonName the subject's common name; absent means the first DNS name
 * @param dnsNames DNS subject alternative names
 * @param ipAddresses IP subject alternative names
 * @param uris URI subject alternative names, such as {@code spiffe://holdfast/agent/NODE}
 * @param usages {@code server}, {@code client}, or both (default both)
 * @param keyAlgorithm {@code ecdsa-p256} (default) or {@code rsa-3072}
 * @param duration the certificate's lifetime (default 24h)
 * @param renewBefore renew this long before expiry; absent means at two thirds of the lifetime
 * @param rollout whether workloads that mount the Secret are restarted after a renewal (default
 *     true)
 */
public record ManagedCertificateSpec(
    @Required @Pattern(DnsNames.SUBDOMAIN) String secretName,
    String commonName,
    List<String> dnsNames,
    List<String> ipAddresses,
    List<String> uris,
    List<String> usages,
    @Pattern("^(ecdsa-p256|rsa-3072)$") String keyAlgorithm,
    @Pattern(DnsNames.DURATION) String duration,
    @Pattern(DnsNames.DURATION) String renewBefore,
    Boolean rollout) {}
