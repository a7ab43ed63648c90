package dev.holdfast.cli.command;

import dev.holdfast.cli.ExitCode;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.Passphrases;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Times;
import dev.holdfast.cli.TlsViews;
import dev.holdfast.core.UsageError;
import dev.holdfast.tls.Durations;
import dev.holdfast.tls.expiry.CertificateStatus;
import dev.holdfast.tls.expiry.CrlStatus;
import dev.holdfast.tls.expiry.EndpointProbe;
import dev.holdfast.tls.expiry.ExpiryReport;
import dev.holdfast.tls.expiry.ExpiryScanner;
import dev.holdfast.tls.expiry.ExpiryThresholds;
import dev.holdfast.tls.expiry.ScanFailure;
import dev.holdfast.tls.expiry.Verdict;
import dev.holdfast.tls.metrics.CertificateMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast tls status [PATH|host:port]...}: expiry of certificates anywhere. */
@Command(
    name = "status",
    description = {
      "Show when certificates expire, with a verdict against thresholds: in PEM or DER files,"
          + " folders (every .crt, .pem, .cer, .p12, .pfx, .jks), keystores, and the chains live"
          + " endpoints (host:port) show. Exits 22 when a certificate is critical, expired or not"
          + " yet valid (with --fail-on warn, also when one is within the warn threshold)."
    })
public final class TlsStatusCommand extends RepoCommand {
  @Parameters(
      arity = "1..*",
      paramLabel = "PATH|HOST:PORT",
      description = "A certificate file, keystore or folder, or an endpoint to connect to.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--warn",
      paramLabel = "DURATION",
      description =
          "Warn this long before expiry (default 30d, but at most a third of a certificate's"
              + " lifetime; a value given applies as given).")
  String warn;

  @Option(
      names = "--critical",
      paramLabel = "DURATION",
      description =
          "Critical this long before expiry (default 7d, but at most a twelfth of a certificate's"
              + " lifetime; a value given applies as given).")
  String critical;

  @Option(
      names = "--fail-on",
      paramLabel = "VERDICT",
      description = "Exit 22 from this verdict on: critical (default) or warn.")
  String failOn = "critical";

  @Option(
      names = "--keystore-password-file",
      paramLabel = "FILE",
      description =
          "Read the password of keystores from the first line of FILE (else"
              + " HOLDFAST_KEYSTORE_PASSWORD).")
  Path keystorePasswordFile;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "How long connecting to an endpoint, and each handshake read, may take (10s).")
  String timeout = Durations.format(EndpointProbe.DEFAULT_TIMEOUT);

  @Option(
      names = "--metrics",
      description =
          "Print the Prometheus text exposition instead (for node_exporter's textfile"
              + " collector).")
  boolean metrics;

  @Override
  public Integer call() {
    Verdict threshold = failOn(failOn);
    ExpiryThresholds thresholds = thresholds(warn, critical);
    EndpointProbe probe = new EndpointProbe(Durations.parse(timeout, "--timeout"));
    Output out = output();
    if (metrics && out.json()) {
      throw new UsageError("--metrics and --json are two outputs: choose one");
    }
    Clock clock = Clock.systemUTC();
    char[] password = Passphrases.optional(keystorePasswordFile, "HOLDFAST_KEYSTORE_PASSWORD");
    ExpiryReport report;
    try {
      report = new ExpiryScanner(thresholds, clock, password, probe).scanArguments(targets);
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
    for (ScanFailure failure : report.failures()) {
      err().println("holdfast: " + failure.failure().getMessage());
    }
    err().flush();
    if (metrics) {
      CertificateMetrics gauges = CertificateMetrics.standalone(clock);
      gauges.update(report);
      spec.commandLine().getOut().print(gauges.text());
      spec.commandLine().getOut().flush();
    } else if (out.json()) {
      out.printJson(json(report, threshold));
    } else {
      print(out, report);
    }
    return exitCode(report, threshold).code();
  }

  /**
   * 22 when a certificate (or a CRL) is at or past {@code threshold}; else the code of the first
   * source that could not be read; else 15 when nothing was found; else 0.
   */
  private static ExitCode exitCode(ExpiryReport report, Verdict threshold) {
    if (report.anyAtLeast(threshold)) {
      return ExitCode.CERTIFICATE_EXPIRING;
    }
    if (!report.failures().isEmpty()) {
      return ExitCode.of(report.failures().get(0).failure());
    }
    return report.certificates().isEmpty() && report.crls().isEmpty()
        ? ExitCode.NOT_FOUND
        : ExitCode.OK;
  }

  /** The defaults (capped for short certificates), or the values given, applied as given. */
  private static ExpiryThresholds thresholds(String warn, String critical) {
    if (warn == null && critical == null) {
      return ExpiryThresholds.DEFAULT;
    }
    ExpiryThresholds defaults = ExpiryThresholds.DEFAULT;
    return ExpiryThresholds.parse(
        warn != null ? warn : Durations.format(defaults.warn()),
        critical != null ? critical : Durations.format(defaults.critical()));
  }

  private static Verdict failOn(String text) {
    switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "warn":
        return Verdict.WARN;
      case "critical":
        return Verdict.CRITICAL;
      default:
        throw new UsageError("--fail-on: '" + text + "' is not warn or critical");
    }
  }

  private static void print(Output out, ExpiryReport report) {
    boolean renewals = report.certificates().stream().anyMatch(c -> c.renewAt().isPresent());
    List<String> headers =
        new ArrayList<>(
            List.of("Source", "Subject", "SANs", "Issuer", "Not after", "Days left", "Verdict"));
    if (renewals) {
      headers.add(5, "Renews");
    }
    List<List<String>> rows = new ArrayList<>();
    for (CertificateStatus c : report.certificates()) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  c.origin().describe(),
                  c.certificate().subject(),
                  TlsViews.joined(c.certificate().alternativeNames()),
                  c.certificate().issuer(),
                  TlsViews.time(c.certificate().notAfter()),
                  TlsViews.daysLeft(c, report.at()),
                  c.verdict().word()));
      if (renewals) {
        row.add(5, c.renewAt().map(TlsViews::time).orElse(""));
      }
      rows.add(row);
    }
    if (!rows.isEmpty()) {
      out.table(headers, rows);
    }
    if (!report.crls().isEmpty()) {
      List<List<String>> crls = new ArrayList<>();
      for (CrlStatus crl : report.crls()) {
        crls.add(
            List.of(
                crl.source() + "[" + crl.position() + "]",
                crl.issuer(),
                TlsViews.time(crl.nextUpdate()),
                Integer.toString(crl.revoked()),
                crl.verdict() == Verdict.OK ? "ok" : "stale"));
      }
      out.table(List.of("CRL", "Issuer", "Next update", "Revoked", "Verdict"), crls);
    }
    List<String> counts = new ArrayList<>();
    for (Verdict verdict : Verdict.values()) {
      long n = report.count(verdict);
      if (n > 0) {
        counts.add(n + " " + verdict.word());
      }
    }
    out.line(
        report.certificates().size()
            + " certificates"
            + (counts.isEmpty() ? "" : ": " + String.join(", ", counts))
            + " (warn "
            + TlsViews.duration(report.thresholds().warn())
            + ", critical "
            + TlsViews.duration(report.thresholds().critical())
            + (report.thresholds().capped() ? ", at most a third and a twelfth of a lifetime" : "")
            + ")"
            + (report.crls().isEmpty()
                ? ""
                : "; "
                    + report.crls().size()
                    + " CRLs, "
                    + report.crls().stream().filter(c -> c.verdict() != Verdict.OK).count()
                    + " stale")
            + (report.failures().isEmpty()
                ? ""
                : "; " + report.failures().size() + " sources could not be read"));
  }

  private static Map<String, Object> json(ExpiryReport report, Verdict threshold) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("at", Times.format(report.at()));
    json.put("warn", TlsViews.duration(report.thresholds().warn()));
    json.put("critical", TlsViews.duration(report.thresholds().critical()));
    json.put("capped", report.thresholds().capped());
    json.put("failOn", threshold.word());
    json.put("certificates", report.certificates().stream().map(TlsViews::status).toList());
    json.put("crls", report.crls().stream().map(TlsViews::crl).toList());
    List<Map<String, Object>> failures = new ArrayList<>();
    for (ScanFailure failure : report.failures()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("source", failure.source());
      entry.put("message", failure.failure().getMessage());
      entry.put("exitCode", ExitCode.of(failure.failure()).code());
      failures.add(entry);
    }
    json.put("failures", failures);
    json.put("skipped", report.skipped());
    return json;
  }
}
