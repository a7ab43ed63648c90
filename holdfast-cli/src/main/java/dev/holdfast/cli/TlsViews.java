package dev.holdfast.cli;

import dev.holdfast.tls.Durations;
import dev.holdfast.tls.authority.IssuedLeaf;
import dev.holdfast.tls.authority.RotationProgress;
import dev.holdfast.tls.authority.RotationState;
import dev.holdfast.tls.expiry.CertificateStatus;
import dev.holdfast.tls.expiry.CertificateSummary;
import dev.holdfast.tls.expiry.CrlStatus;
import dev.holdfast.tls.expiry.Verdict;
import dev.holdfast.tls.folder.LeafFolder;
import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.renewal.RenewalOutcome;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the {@code holdfast tls} commands show certificates, renewals and CA rotations: the JSON
 * objects of docs/CLI.md and the short forms tables and lines use.
 */
public final class TlsViews {
  private TlsViews() {}

  /** A time as tables show it, in this machine's time zone. */
  public static String time(Instant t) {
    return Formats.time(t.atZone(ZoneId.systemDefault()).toOffsetDateTime());
  }

  /** The JSON "leaf" object: the certificate now in a leaf folder. */
  public static Map<String, Object> leaf(LeafFolder folder, X509Certificate certificate) {
    CertificateSummary summary = CertificateSummary.of(certificate);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("folder", folder.path().toString());
    json.put("subject", summary.subject());
    json.put("serial", summary.serial().toString());
    json.put("issuer", summary.issuer());
    json.put("alternativeNames", summary.alternativeNames());
    json.put("usage", folder.spec().request().usage().id());
    json.put("notBefore", Times.format(summary.notBefore()));
    json.put("notAfter", Times.format(summary.notAfter()));
    json.put("renewAt", Times.format(folder.renewAt(certificate)));
    return json;
  }

  /** "CN=repo (serial 5f3a…) for DNS:repo, URI:spiffe://…; valid until …, renews at …". */
  public static String describeLeaf(LeafFolder folder, X509Certificate certificate) {
    return Certificates.describe(certificate)
        + " for "
        + String.join(", ", Certificates.alternativeNames(certificate))
        + "; valid until "
        + time(certificate.getNotAfter().toInstant())
        + ", renews at "
        + time(folder.renewAt(certificate));
  }

  /** The JSON object of one folder's renewal check. */
  public static Map<String, Object> renewal(LeafFolder folder, RenewalOutcome outcome) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("folder", folder.path().toString());
    json.put("renewed", outcome.renewed());
    json.put("reason", outcome.reason());
    json.put("serial", outcome.serial().toString());
    json.put("notAfter", Times.format(outcome.notAfter()));
    json.put("renewAt", Times.format(outcome.nextRenewal()));
    return json;
  }

  /** The JSON object of a CA rotation's state and progress. */
  public static Map<String, Object> rotation(RotationProgress progress, Instant now) {
    RotationState state = progress.state();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("phase", state.phase().name());
    json.put("current", state.current());
    json.put("previous", state.previous() == 0 ? null : state.previous());
    json.put("since", Times.format(state.since()));
    json.put("signing", state.signing());
    json.put("trusted", state.trusted());
    json.put("readyAt", progress.readyAt().map(Times::format).orElse(null));
    json.put("canAdvance", progress.canAdvance(now));
    json.put("next", progress.describe());
    json.put("blockingLeaves", progress.blockingLeaves().stream().map(TlsViews::issued).toList());
    return json;
  }

  /** "INTRODUCING since …: generation 2 … ": a rotation state for people. */
  public static String describeRotation(RotationState state) {
    return "CA rotation "
        + state.phase()
        + " since "
        + time(state.since())
        + ": generation "
        + state.signing()
        + " signs; trusted: generation"
        + (state.trusted().size() > 1 ? "s " : " ")
        + String.join(" and ", state.trusted().stream().map(String::valueOf).toList());
  }

  /** The JSON object of a leaf in the authority's ledger. */
  public static Map<String, Object> issued(IssuedLeaf leaf) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("serial", leaf.serial().toString());
    json.put("subject", leaf.subject());
    json.put("generation", leaf.generation());
    json.put("notAfter", Times.format(leaf.notAfter()));
    return json;
  }

  /** The JSON object of one certificate of {@code tls status}. */
  public static Map<String, Object> status(CertificateStatus status) {
    CertificateSummary certificate = status.certificate();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("source", status.origin().location());
    json.put("kind", status.origin().kind().word());
    json.put("alias", status.origin().alias().orElse(null));
    json.put("position", status.origin().position());
    json.put("subject", certificate.subject());
    json.put("alternativeNames", certificate.alternativeNames());
    json.put("issuer", certificate.issuer());
    json.put("serial", certificate.serial().toString());
    json.put("notBefore", Times.format(certificate.notBefore()));
    json.put("notAfter", Times.format(certificate.notAfter()));
    json.put("daysLeft", status.daysLeft());
    json.put("verdict", status.verdict().word());
    json.put("warnAt", Times.format(status.warnAt()));
    json.put("criticalAt", Times.format(status.criticalAt()));
    json.put("renewAt", status.renewAt().map(Times::format).orElse(null));
    return json;
  }

  /** The JSON object of one CRL of {@code tls status}. */
  public static Map<String, Object> crl(CrlStatus crl) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("source", crl.source());
    json.put("position", crl.position());
    json.put("issuer", crl.issuer());
    json.put("thisUpdate", Times.format(crl.thisUpdate()));
    json.put(
        "nextUpdate", crl.nextUpdate().equals(Instant.MAX) ? null : Times.format(crl.nextUpdate()));
    json.put("revoked", crl.revoked());
    json.put("stale", crl.verdict() != Verdict.OK);
    return json;
  }

  /** Days left as the status table shows it: "59", or "0 (16h)" for less than a day. */
  public static String daysLeft(CertificateStatus status, Instant now) {
    if (status.daysLeft() != 0) {
      return Long.toString(status.daysLeft());
    }
    Duration left = Duration.between(now, status.certificate().notAfter());
    return left.toHours() > 0
        ? "0 (" + left.toHours() + "h)"
        : "0 (" + Math.max(0, left.toMinutes()) + "m)";
  }

  /** A duration as options take it ("30d"). */
  public static String duration(Duration duration) {
    return Durations.format(duration);
  }

  /** The items of {@code list} joined by ", ", for table cells. */
  public static String joined(List<String> list) {
    return String.join(", ", list);
  }
}
