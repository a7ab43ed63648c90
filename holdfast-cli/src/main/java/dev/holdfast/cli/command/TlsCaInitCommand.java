package dev.holdfast.cli.command;

import dev.holdfast.cli.AuthorityOptions;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Times;
import dev.holdfast.cli.TlsViews;
import dev.holdfast.core.UsageError;
import dev.holdfast.tls.Durations;
import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.authority.AuthoritySettings;
import dev.holdfast.tls.ca.KeyAlgorithm;
import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.material.KeyProtection;
import dev.holdfast.tls.material.SerialNumber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code holdfast tls ca init --dir DIR}: creates a certificate authority. */
@Command(
    name = "init",
    description = {
      "Create a certificate authority in DIR: a CA key (encrypted with the CA passphrase) and"
          + " certificate, and the trust bundle and CRLs every peer loads (DIR/trust/)."
    })
public final class TlsCaInitCommand extends RepoCommand {
  @Mixin AuthorityOptions ca = new AuthorityOptions();

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The CA's common name; generation n is \"NAME n\" (default Holdfast CA).")
  String name = AuthoritySettings.DEFAULTS.name();

  @Option(
      names = "--algorithm",
      paramLabel = "ALGORITHM",
      description = "The CA key: ecdsa-p256 (default) or rsa-3072.")
  String algorithm = AuthoritySettings.DEFAULTS.keyAlgorithm().id();

  @Option(
      names = "--validity",
      paramLabel = "DURATION",
      description = "How long each CA certificate is valid (default 365d).")
  String validity = Durations.format(AuthoritySettings.DEFAULTS.caLifetime());

  @Option(
      names = "--propagation-delay",
      paramLabel = "DURATION",
      description =
          "How long a new trust bundle may take to reach every peer; a CA rotation waits this"
              + " long at two steps (default 10m).")
  String propagationDelay = Durations.format(AuthoritySettings.DEFAULTS.propagationDelay());

  @Option(
      names = "--kdf-memory",
      paramLabel = "SIZE",
      description = "scrypt memory that guards the CA key: a power of two (default 128M).")
  String kdfMemory = "128M";

  @Override
  public Integer call() {
    AuthoritySettings settings =
        new AuthoritySettings(
            name,
            KeyAlgorithm.parse(algorithm),
            Durations.parse(validity, "--validity"),
            AuthoritySettings.DEFAULTS.crlLifetime(),
            Durations.parse(propagationDelay, "--propagation-delay"));
    requireOwnFolder(ca.dir());
    KeyProtection protection = ca.newProtection(AuthorityOptions.scryptCost(kdfMemory));
    try {
      Clock clock = Clock.systemUTC();
      Authority authority =
          Authority.create(ca.dir(), settings, protection, clock, new SecureRandom());
      X509Certificate certificate = authority.signingCertificate();
      Output out = output();
      if (out.json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dir", ca.dir().toString());
        json.put("generation", authority.rotation().current());
        json.put("subject", Certificates.subject(certificate));
        json.put("serial", SerialNumber.of(certificate).toString());
        json.put("algorithm", settings.keyAlgorithm().id());
        json.put("notBefore", Times.format(certificate.getNotBefore().toInstant()));
        json.put("notAfter", Times.format(certificate.getNotAfter().toInstant()));
        json.put("trustBundle", authority.trustFiles().bundle().toString());
        json.put("crls", authority.trustFiles().crls().toString());
        out.printJson(json);
      } else {
        out.line(
            "created certificate authority in "
                + ca.dir()
                + ": "
                + Certificates.describe(certificate)
                + ", "
                + settings.keyAlgorithm().id()
                + ", valid until "
                + TlsViews.time(certificate.getNotAfter().toInstant()));
        out.line(
            "trust bundle for every peer: "
                + authority.trustFiles().bundle()
                + "; CRLs: "
                + authority.trustFiles().crls());
        out.line(
            "Keep the CA passphrase safe: without it no certificate can be issued, renewed or"
                + " revoked.");
      }
      return 0;
    } finally {
      protection.destroy();
    }
  }

  /** A CA gets a folder of its own: an existing authority is the authority's refusal to give. */
  private static void requireOwnFolder(Path dir) {
    if (!Files.isDirectory(dir) || Files.exists(dir.resolve("rotation"))) {
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new UsageError(
            dir + " is not empty: a certificate authority needs a folder of its own");
      }
    } catch (IOException e) {
      throw new UsageError("cannot read folder " + dir + ": " + e.getMessage());
    }
  }
}
