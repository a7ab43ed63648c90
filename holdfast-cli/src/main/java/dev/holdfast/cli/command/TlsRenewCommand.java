package dev.holdfast.cli.command;

import dev.holdfast.cli.AuthorityOptions;
import dev.holdfast.cli.ExitCode;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.TlsViews;
import dev.holdfast.tls.TlsException;
import dev.holdfast.tls.folder.LeafFolder;
import dev.holdfast.tls.renewal.RenewalOutcome;
import dev.holdfast.tls.renewal.RenewalPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code holdfast tls renew --dir DIR --out FOLDER...}: renews the certificates that are due. */
@Command(
    name = "renew",
    description = {
      "Renew the certificate of each FOLDER if it is due (or missing, damaged, for other names, or"
          + " signed by a CA that no longer signs), always with a new key, and copy the current"
          + " trust bundle and CRLs in. Run it often (every few minutes, from cron or a timer):"
          + " it does nothing until a certificate is due. A folder that fails is reported and the"
          + " others are still renewed."
    })
public final class TlsRenewCommand extends RepoCommand {
  @Mixin AuthorityOptions ca = new AuthorityOptions();

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FOLDER",
      description = "A folder 'holdfast tls issue' wrote (repeatable).")
  List<Path> folders = new ArrayList<>();

  @Option(
      names = "--renew-at",
      paramLabel = "POINT",
      description =
          "Renew from now on at this point: a share of the lifetime (67%) or a time before expiry"
              + " (8h); kept in each folder's leaf.conf.")
  String renewAt;

  @Override
  public Integer call() {
    RenewalPolicy policy = renewAt == null ? null : RenewalPolicy.parse(renewAt);
    Clock clock = Clock.systemUTC();
    List<Map<String, Object>> json = new ArrayList<>();
    ExitCode failed = null;
    Output out = output();
    try (AuthorityOptions.Opened opened = ca.open(clock)) {
      for (Path path : folders) {
        try {
          LeafFolder folder = LeafFolder.open(opened.authority(), path, clock);
          if (policy != null) {
            folder = folder.withPolicy(policy);
          }
          RenewalOutcome outcome = folder.renewIfDue();
          json.add(TlsViews.renewal(folder, outcome));
          out.line(
              path
                  + ": "
                  + (outcome.renewed() ? "renewed (" + outcome.reason() + ")" : "not due")
                  + "; serial "
                  + outcome.serial()
                  + ", valid until "
                  + TlsViews.time(outcome.notAfter())
                  + ", next renewal at "
                  + TlsViews.time(outcome.nextRenewal()));
        } catch (TlsException e) {
          err().println("holdfast: " + e.getMessage());
          err().flush();
          failed = failed == null ? ExitCode.of(e) : failed;
        }
      }
    }
    if (out.json()) {
      out.printJson(json);
    }
    return failed == null ? 0 : failed.code();
  }
}
