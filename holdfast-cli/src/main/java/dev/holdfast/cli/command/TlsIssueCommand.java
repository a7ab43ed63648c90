package dev.holdfast.cli.command;

import dev.holdfast.cli.AuthorityOptions;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.TlsViews;
import dev.holdfast.tls.Durations;
import dev.holdfast.tls.ca.KeyAlgorithm;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.folder.LeafFolder;
import dev.holdfast.tls.renewal.LeafSpec;
import dev.holdfast.tls.renewal.RenewalPolicy;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code holdfast tls issue --dir DIR --out FOLDER --name CN ...}: issues a leaf certificate. */
@Command(
    name = "issue",
    description = {
      "Issue a certificate with a new key into FOLDER: tls.crt, tls.key, ca.crt and crl.pem (the"
          + " layout of a Kubernetes TLS secret, which Holdfast's components reload) and"
          + " leaf.conf, from which 'holdfast tls renew' renews it. Replaces what FOLDER holds."
    })
public final class TlsIssueCommand extends RepoCommand {
  @Mixin AuthorityOptions ca = new AuthorityOptions();

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FOLDER",
      description = "The folder to write (created owner-only).")
  Path out;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "CN",
      description = "The subject common name (a label for people; peers check the names below).")
  String name;

  @Option(names = "--dns", paramLabel = "NAME", description = "A DNS name (repeatable).")
  List<String> dns = new ArrayList<>();

  @Option(names = "--ip", paramLabel = "ADDRESS", description = "An IP address (repeatable).")
  List<String> ip = new ArrayList<>();

  @Option(
      names = "--uri",
      paramLabel = "URI",
      description = "A URI such as spiffe://holdfast/agent/NODE (repeatable).")
  List<String> uri = new ArrayList<>();

  @Option(
      names = "--usage",
      paramLabel = "USAGE",
      description = "server (default), client or both: the extended key usage.")
  String usage = Usage.SERVER.id();

  @Option(
      names = "--lifetime",
      paramLabel = "DURATION",
      description = "How long it is valid, 10m to 397d (default 24h).")
  String lifetime = Durations.format(LeafRequest.DEFAULT_LIFETIME);

  @Option(
      names = "--key-algorithm",
      paramLabel = "ALGORITHM",
      description = "ecdsa-p256 (default) or rsa-3072.")
  String keyAlgorithm = KeyAlgorithm.ECDSA_P256.id();

  @Option(
      names = "--renew-at",
      paramLabel = "POINT",
      description =
          "When renewal renews it: a share of its lifetime (67%) or a time before expiry (8h);"
              + " default two thirds, up to 10% earlier.")
  String renewAt;

  @Override
  public Integer call() {
    LeafSpec spec =
        new LeafSpec(
            new LeafRequest(
                name,
                dns,
                ip,
                uri,
                Usage.parse(usage),
                Durations.parse(lifetime, "--lifetime"),
                KeyAlgorithm.parse(keyAlgorithm)),
            renewAt == null ? RenewalPolicy.DEFAULT : RenewalPolicy.parse(renewAt));
    Clock clock = Clock.systemUTC();
    try (AuthorityOptions.Opened opened = ca.open(clock)) {
      LeafFolder folder = LeafFolder.issue(opened.authority(), out, spec, clock);
      X509Certificate certificate = folder.certificate();
      Output output = output();
      if (output.json()) {
        output.printJson(TlsViews.leaf(folder, certificate));
      } else {
        output.line("issued " + TlsViews.describeLeaf(folder, certificate));
        output.line("wrote " + out + ": tls.crt, tls.key, ca.crt, crl.pem, " + LeafSpec.FILE);
      }
      return 0;
    }
  }
}
