package dev.holdfast.cli.command;

import dev.holdfast.cli.AuthorityOptions;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.TlsViews;
import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.authority.RotationProgress;
import java.time.Clock;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code holdfast tls ca rotate [--advance | --status]}: the staged CA rotation. */
@Command(
    name = "rotate",
    description = {
      "Replace the CA in stages without a failed handshake (docs/TLS.md, \"CA rotation\"):"
          + " without options, begin (a new CA joins the trust bundle); --advance takes the next"
          + " step once it is safe; --status shows where the rotation stands.",
      "Peers load the new bundle through 'holdfast tls renew', which copies it into their"
          + " folders."
    })
public final class TlsCaRotateCommand extends RepoCommand {
  @Mixin AuthorityOptions ca = new AuthorityOptions();

  @ArgGroup(exclusive = true)
  Step step = new Step();

  /** What to do: begin (neither), advance or show the status. */
  static final class Step {
    @Option(names = "--advance", description = "Take the next step, when it is safe.")
    boolean advance;

    @Option(names = "--status", description = "Show the rotation's state and what it waits for.")
    boolean status;
  }

  @Override
  public Integer call() {
    Clock clock = Clock.systemUTC();
    try (AuthorityOptions.Opened opened = ca.open(clock)) {
      Authority authority = opened.authority();
      String done = null;
      if (step.advance) {
        authority.advance();
        done = "advanced";
      } else if (!step.status) {
        authority.beginRotation();
        done = "began";
      }
      RotationProgress progress = authority.progress();
      Output out = output();
      if (out.json()) {
        out.printJson(TlsViews.rotation(progress, clock.instant()));
      } else {
        out.line((done == null ? "" : done + ": ") + TlsViews.describeRotation(progress.state()));
        out.line("next: " + progress.describe());
      }
      return 0;
    }
  }
}
