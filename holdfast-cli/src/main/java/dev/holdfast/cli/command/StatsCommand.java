package dev.holdfast.cli.command;

import dev.holdfast.cli.Formats;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.SnapshotFilter;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.stats.RepositoryStats;
import dev.holdfast.core.stats.Statistician;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code holdfast stats [SNAPSHOT...]}: sizes before and after deduplication and compression. */
@Command(
    name = "stats",
    description = "Show repository figures: sizes, deduplication, compression.")
public final class StatsCommand extends RepoCommand {
  @Parameters(
      arity = "0..*",
      paramLabel = "SNAPSHOT",
      description = "Only these snapshots (default all, or those the filters choose).")
  List<String> snapshots = new ArrayList<>();

  @Mixin SnapshotFilter filter = new SnapshotFilter();

  @Override
  public Integer call() {
    try (Repository repo = Repositories.open(global())) {
      List<Snapshot> only = new ArrayList<>();
      for (String ref : snapshots) {
        only.add(repo.snapshots().resolve(ref, filter.predicate()));
      }
      if (snapshots.isEmpty() && filter.narrows()) {
        // the filter alone chooses; an empty choice must not fall back to "all snapshots"
        repo.snapshots().list().snapshots().stream().filter(filter.predicate()).forEach(only::add);
        if (only.isEmpty()) {
          throw new NotFound("no snapshot matches the given --source, --host, --tag and --label");
        }
      }
      RepositoryStats st = new Statistician(repo).compute(only);
      Output out = output();
      if (out.json()) {
        out.printJson(st);
        return 0;
      }
      out.table(
          List.of("Figure", "Value"),
          List.of(
              List.of("snapshots", Long.toString(st.snapshots())),
              List.of("files (all snapshots)", Long.toString(st.files())),
              List.of("restore size", Formats.bytes(st.restoreSize())),
              List.of("unique chunks", Long.toString(st.uniqueChunks())),
              List.of("unique data", Formats.bytes(st.uniqueRawSize())),
              List.of("stored (packs)", Formats.bytes(st.storedSize())),
              List.of("packs", Long.toString(st.packs())),
              List.of("deduplication ratio", String.format("%.2fx", st.dedupRatio())),
              List.of("compression ratio", String.format("%.2fx", st.compressionRatio())),
              List.of("index memory", Formats.bytes(st.indexMemoryBytes()))));
      return 0;
    }
  }
}
