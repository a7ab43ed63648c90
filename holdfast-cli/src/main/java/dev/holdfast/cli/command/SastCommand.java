package dev.holdfast.cli.command;

import picocli.CommandLine.Command;

/** {@code holdfast sast ...}: security reports (SARIF) tied to application versions. */
@Command(
    name = "sast",
    description =
        "Security reports: ingest SARIF for an application version, browse versions and findings,"
            + " waive findings. Reports live in the repository, encrypted, and travel with copy.",
    subcommands = {
      SastIngestCommand.class,
      SastReportsCommand.class,
      SastRemoveCommand.class,
      SastVersionsCommand.class,
      SastFindingsCommand.class,
      SastWaiveCommand.class,
      SastWaiversCommand.class,
      SastUnwaiveCommand.class
    })
public final class SastCommand {
  // Not runnable itself: 'holdfast sast' without a subcommand is a usage error.
}
