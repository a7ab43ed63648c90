package dev.holdfast.cli.command;

import dev.holdfast.cli.Formats;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.prune.Prune;
import dev.holdfast.core.prune.PruneOptions;
import dev.holdfast.core.prune.PruneResult;
import dev.holdfast.core.repository.Repository;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast prune}: removes data no snapshot needs, safely beside running backups. */
@Command(
    name = "prune",
    description =
        "Remove data that no snapshot needs and repack sparse packs. Safe while backups run:"
            + " packs a running backup may rely on are deleted by a later prune, after it ends.")
public final class PruneCommand extends RepoCommand {
  @Option(
      names = "--repack-below",
      paramLabel = "N%",
      description = "Repack packs of which less than N% is in use (default 80%; 0 repacks none).")
  String repackBelow = "80%";

  @Option(names = "--no-repack-small", description = "Do not merge small packs.")
  boolean noRepackSmall;

  @Option(names = "--dry-run", description = "Only show what would be removed and repacked.")
  boolean dryRun;

  @Override
  public Integer call() {
    PruneOptions options =
        new PruneOptions(percent(repackBelow, "--repack-below"), !noRepackSmall, dryRun);
    try (Repository repo = Repositories.open(global())) {
      PruneResult r = new Prune(repo, Repositories.locks(repo)).run(options);
      render(output(), r);
      return 0;
    }
  }

  /** Prints a prune's result as text or JSON (docs/CLI.md). */
  public static void render(Output out, PruneResult r) {
    if (out.json()) {
      out.printJson(json(r));
      return;
    }
    out.line(
        String.format(
            "%d snapshots keep %d packs (%s) in use, partly or wholly",
            r.snapshots(),
            r.packs() - r.unusedPacks() - r.repackedPacks(),
            Formats.bytes(r.packBytes() - r.unusedBytes() - r.repackedBytes())));
    String verb = r.dryRun() ? "would remove" : "removing";
    out.line(
        String.format(
            "%s %d unused packs (%s); %s %d sparse or small packs (%s, %d blobs copied)",
            verb,
            r.unusedPacks(),
            Formats.bytes(r.unusedBytes()),
            r.dryRun() ? "would repack" : "repacked",
            r.repackedPacks(),
            Formats.bytes(r.repackedBytes()),
            r.blobsCopied()));
    if (r.dryRun()) {
      out.line("dry run: nothing was changed");
      return;
    }
    out.line(
        String.format(
            "deleted %d packs, freed %s; index files: %d -> %d",
            r.packsDeleted(),
            Formats.bytes(r.bytesFreed()),
            r.indexFilesBefore(),
            r.indexFilesAfter()));
    if (r.packsRescued() > 0) {
      out.line(r.packsRescued() + " condemned packs were kept: a concurrent backup uses them");
    }
    if (r.packsKeptByObjectLock() > 0) {
      out.line(
          r.packsKeptByObjectLock()
              + " packs are protected by object lock"
              + r.keptUntil().map(t -> " until " + t).orElse("")
              + "; a prune after that deletes them");
    }
    if (!r.staleLocks().isEmpty()) {
      out.line(
          "ignored "
              + r.staleLocks().size()
              + " stale locks of processes that crashed or were cut off ('holdfast unlock' removes"
              + " them):");
      r.staleLocks().forEach(h -> out.line("  " + h));
    }
    if (!r.waitingFor().isEmpty()) {
      out.line("deletion of condemned packs waits for these to finish (a later prune does it):");
      r.waitingFor().forEach(h -> out.line("  " + h));
    }
  }

  /** The JSON form of a prune (docs/CLI.md). */
  public static Map<String, Object> json(PruneResult r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("dryRun", r.dryRun());
    json.put("snapshots", r.snapshots());
    json.put("packs", r.packs());
    json.put("packBytes", r.packBytes());
    json.put("unusedPacks", r.unusedPacks());
    json.put("unusedBytes", r.unusedBytes());
    json.put("repackedPacks", r.repackedPacks());
    json.put("repackedBytes", r.repackedBytes());
    json.put("blobsCopied", r.blobsCopied());
    json.put("indexFilesBefore", r.indexFilesBefore());
    json.put("indexFilesAfter", r.indexFilesAfter());
    json.put("packsDeleted", r.packsDeleted());
    json.put("bytesFreed", r.bytesFreed());
    json.put("packsRescued", r.packsRescued());
    json.put("packsKeptByObjectLock", r.packsKeptByObjectLock());
    json.put("keptUntil", r.keptUntil().map(Object::toString).orElse(null));
    json.put("waitingFor", r.waitingFor());
    json.put("staleLocks", r.staleLocks());
    return json;
  }

  private static double percent(String text, String option) {
    String p = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
    double value;
    try {
      value = Double.parseDouble(p);
    } catch (NumberFormatException e) {
      throw new UsageError(option + ": '" + text + "' is not a percentage");
    }
    if (!(value >= 0 && value <= 100)) {
      throw new UsageError(option + " must be between 0% and 100%");
    }
    return value / 100;
  }
}
