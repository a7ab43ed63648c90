package dev.holdfast.operator.api;

/**
 * The patterns Kubernetes applies to object names, repeated in our schemas so admission refuses bad
 * names.
 */
final class DnsNames {
  /** An RFC 1123 label: namespaces. */
  static final String LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

  /** An RFC 1123 subdomain: most object names (PVCs, Secrets, ConfigMaps). */
  static final String SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A duration as Holdfast writes it: a number and a unit, such as 30s, 15m, 24h, 7d. */
  static final String DURATION = "^[0-9]{1,9}(s|m|h|d)$";

  private DnsNames() {}
}
