package dev.holdfast.cli.command;

import dev.holdfast.cli.Formats;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.SnapshotFilter;
import dev.holdfast.cli.SnapshotView;
import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code holdfast snapshots}: lists snapshots, oldest first, and which are pinned. */
@Command(name = "snapshots", description = "List snapshots, oldest first.")
public final class SnapshotsCommand extends RepoCommand {
  @Mixin SnapshotFilter filter = new SnapshotFilter();

  @Override
  public Integer call() {
    try (Repository repo = Repositories.open(global())) {
      SnapshotStore.Listing listing = repo.snapshots().list();
      for (CorruptObject e : listing.unreadable()) {
        warn(e.getMessage());
      }
      List<Snapshot> shown = listing.snapshots().stream().filter(filter.predicate()).toList();
      Set<SnapshotId> pinned = repo.pins().pinnedIds();
      Output out = output();
      if (out.json()) {
        out.printJson(
            shown.stream().map(s -> SnapshotView.of(s, pinned.contains(s.id()))).toList());
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (Snapshot s : shown) {
        rows.add(
            List.of(
                s.id().toShortHex(),
                Formats.time(s.time()),
                s.host(),
                String.join(",", s.tags()),
                pinned.contains(s.id()) ? "yes" : "",
                Formats.bytes(s.stats().bytesProcessed()),
                s.appVersions().stream()
                    .map(Object::toString)
                    .reduce((x, y) -> x + "," + y)
                    .orElse(""),
                s.source()));
      }
      out.table(List.of("ID", "Time", "Host", "Tags", "Pin", "Size", "Apps", "Source"), rows);
      out.line(shown.size() + " snapshots");
      return 0;
    }
  }
}
