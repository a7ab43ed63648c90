package dev.holdfast.cli.command;

import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.SnapshotFilter;
import dev.holdfast.core.browse.Change;
import dev.holdfast.core.browse.Differ;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code holdfast diff A B}: what changed from snapshot A to snapshot B. */
@Command(name = "diff", description = "Show what changed between two snapshots.")
public final class DiffCommand extends RepoCommand {
  @Parameters(
      index = "0",
      paramLabel = "SNAPSHOT1",
      description = "The snapshot before: id prefix or 'latest'.")
  String first;

  @Parameters(
      index = "1",
      paramLabel = "SNAPSHOT2",
      description = "The snapshot after: id prefix or 'latest'.")
  String second;

  @Mixin SnapshotFilter filter = new SnapshotFilter();

  /** The JSON form of one change. */
  record ChangeView(String change, String path, long sizeBefore, long sizeAfter) {}

  @Override
  public Integer call() {
    try (Repository repo = Repositories.open(global())) {
      Snapshot a = repo.snapshots().resolve(first, filter.predicate());
      Snapshot b = repo.snapshots().resolve(second, filter.predicate());
      List<Change> changes = new Differ(repo).diff(a, b);
      Output out = output();
      if (out.json()) {
        out.printJson(changes.stream().map(DiffCommand::view).toList());
        return 0;
      }
      Map<Change.Kind, Integer> counts = new EnumMap<>(Change.Kind.class);
      for (Change c : changes) {
        out.line(String.format("%-2s %s", c.kind().mark(), c.path()));
        counts.merge(c.kind(), 1, Integer::sum);
      }
      out.line(
          String.format(
              "%s -> %s: %d added, %d removed, %d modified, %d metadata only, %d type changed",
              a.id().toShortHex(),
              b.id().toShortHex(),
              counts.getOrDefault(Change.Kind.ADDED, 0),
              counts.getOrDefault(Change.Kind.REMOVED, 0),
              counts.getOrDefault(Change.Kind.MODIFIED, 0),
              counts.getOrDefault(Change.Kind.METADATA, 0),
              counts.getOrDefault(Change.Kind.TYPE_CHANGED, 0)));
      return 0;
    }
  }

  private static ChangeView view(Change c) {
    String kind =
        switch (c.kind()) {
          case TYPE_CHANGED -> "typeChanged";
          default -> c.kind().name().toLowerCase(Locale.ROOT);
        };
    return new ChangeView(kind, c.path(), c.sizeBefore(), c.sizeAfter());
  }
}
