package dev.holdfast.cli.command;

import dev.holdfast.cli.AuthorityOptions;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.TlsViews;
import dev.holdfast.core.UsageError;
import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.authority.IssuedLeaf;
import dev.holdfast.tls.folder.EmergencyRotation;
import dev.holdfast.tls.folder.LeafFolder;
import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.material.SerialNumber;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code holdfast tls rotate --now --dir DIR --out FOLDER... [--ca] [--revoke]}: the incident path.
 */
@Command(
    name = "rotate",
    description = {
      "Emergency: re-issue the certificate of every FOLDER now, with new keys. With --revoke the"
          + " replaced certificates go into the CRL, which every FOLDER gets; with --ca a new CA"
          + " generation signs them and the old one leaves the trust bundle at once, so leaves it"
          + " signed are refused wherever the new bundle is loaded (docs/TLS.md, \"Emergency\")."
    })
public final class TlsRotateCommand extends RepoCommand {
  @Mixin AuthorityOptions ca = new AuthorityOptions();

  @Option(names = "--now", description = "Required: this re-issues at once, whatever is due.")
  boolean now;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FOLDER",
      description = "A folder 'holdfast tls issue' wrote (repeatable: name every one).")
  List<Path> folders = new ArrayList<>();

  @Option(names = "--ca", description = "Also replace the CA: a new generation signs at once.")
  boolean rotateCa;

  @Option(names = "--revoke", description = "Revoke the replaced certificates (key compromise).")
  boolean revoke;

  @Override
  public Integer call() {
    if (!now) {
      throw new UsageError(
          "tls rotate re-issues every certificate at once: say --now (for the staged CA rotation"
              + " see 'holdfast tls ca rotate')");
    }
    Clock clock = Clock.systemUTC();
    try (AuthorityOptions.Opened opened = ca.open(clock)) {
      Authority authority = opened.authority();
      List<LeafFolder> leaves = new ArrayList<>();
      for (Path folder : folders) {
        leaves.add(LeafFolder.open(authority, folder, clock)); // all checked before any change
      }
      EmergencyRotation.Outcome outcome =
          EmergencyRotation.run(authority, leaves, rotateCa, revoke);
      Output out = output();
      if (out.json()) {
        out.printJson(json(outcome, authority, clock));
        return 0;
      }
      if (outcome.caState().isPresent()) {
        out.line(TlsViews.describeRotation(outcome.caState().get()));
        out.line("next: " + authority.progress().describe());
      }
      for (EmergencyRotation.Reissued r : outcome.reissued()) {
        out.line(
            r.folder().path()
                + ": "
                + Certificates.describe(r.fresh().certificate())
                + r.replaced().map(s -> " replaces serial " + s).orElse(""));
      }
      if (!outcome.revoked().isEmpty()) {
        out.line(
            "revoked (key compromise): "
                + String.join(", ", outcome.revoked().stream().map(SerialNumber::toString).toList())
                + "; the CRL in every folder lists them");
      }
      for (IssuedLeaf leaf : outcome.notReissued()) {
        warn(
            "serial "
                + leaf.serial()
                + " ("
                + leaf.subject()
                + ", CA generation "
                + leaf.generation()
                + ", valid until "
                + TlsViews.time(leaf.notAfter())
                + ") was issued by this authority and not re-issued here");
      }
      return 0;
    }
  }

  private static Map<String, Object> json(
      EmergencyRotation.Outcome outcome, Authority authority, Clock clock) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "ca",
        outcome.caState().isPresent()
            ? TlsViews.rotation(authority.progress(), clock.instant())
            : null);
    List<Map<String, Object>> reissued = new ArrayList<>();
    for (EmergencyRotation.Reissued r : outcome.reissued()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("replaced", r.replaced().map(SerialNumber::toString).orElse(null));
      entry.put("leaf", TlsViews.leaf(r.folder(), r.fresh().certificate()));
      reissued.add(entry);
    }
    json.put("reissued", reissued);
    json.put("revoked", outcome.revoked().stream().map(SerialNumber::toString).toList());
    json.put("notReissued", outcome.notReissued().stream().map(TlsViews::issued).toList());
    return json;
  }
}
