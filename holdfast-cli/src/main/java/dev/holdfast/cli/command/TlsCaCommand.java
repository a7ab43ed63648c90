package dev.holdfast.cli.command;

import picocli.CommandLine.Command;

/** {@code holdfast tls ca ...}: creates the certificate authority and rotates it. */
@Command(
    name = "ca",
    description = "Create the certificate authority, and replace it in stages.",
    subcommands = {TlsCaInitCommand.class, TlsCaRotateCommand.class})
public final class TlsCaCommand {
  // Not runnable itself: 'holdfast tls ca' without a subcommand is a usage error.
}
