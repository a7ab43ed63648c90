package dev.holdfast.cli.command;

import picocli.CommandLine.Command;

/** {@code holdfast tls ...}: the built-in CA, leaf certificates, rotation and expiry status. */
@Command(
    name = "tls",
    description =
        "In-cluster TLS: a certificate authority of Holdfast's own, leaf certificates that renew"
            + " themselves, emergency rotation, and expiry status of any certificate"
            + " (docs/TLS.md).",
    subcommands = {
      TlsCaCommand.class,
      TlsIssueCommand.class,
      TlsRenewCommand.class,
      TlsRotateCommand.class,
      TlsStatusCommand.class
    })
public final class TlsCommand {
  // Not runnable itself: 'holdfast tls' without a subcommand is a usage error.
}
