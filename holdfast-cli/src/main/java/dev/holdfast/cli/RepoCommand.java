package dev.holdfast.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of every subcommand: access to the global options and to output. */
public abstract class RepoCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  /** The global options of this invocation. */
  protected GlobalOptions global() {
    return ((Main) spec.root().userObject()).global();
  }

  /** Where results go. */
  protected Output output() {
    return new Output(spec.commandLine().getOut(), global());
  }

  /** Where warnings go. */
  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints a warning line on stderr (also in JSON mode: stdout stays parseable). */
  protected void warn(String message) {
    err().println("warning: " + message);
    err().flush();
  }
}
