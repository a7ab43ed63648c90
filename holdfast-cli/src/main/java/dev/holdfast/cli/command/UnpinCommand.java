package dev.holdfast.cli.command;

import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.SnapshotFilter;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code holdfast unpin SNAPSHOT}: lets retention decide about a pinned snapshot again. */
@Command(name = "unpin", description = "Unpin a snapshot: forget's policy decides about it again.")
public final class UnpinCommand extends RepoCommand {
  @Parameters(paramLabel = "SNAPSHOT", description = "The snapshot: an id prefix or latest.")
  String snapshot;

  @Mixin SnapshotFilter filter = new SnapshotFilter();

  @Override
  public Integer call() {
    try (Repository repo = Repositories.open(global())) {
      Snapshot s = repo.snapshots().resolve(snapshot, filter.predicate());
      boolean wasPinned = repo.pins().unpin(s.id());
      Output out = output();
      if (out.json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("snapshot", s.id().toHex());
        json.put("wasPinned", wasPinned);
        out.printJson(json);
      } else {
        out.line(
            wasPinned
                ? "unpinned snapshot " + s.id().toShortHex()
                : "snapshot " + s.id().toShortHex() + " was not pinned; nothing changed");
      }
      return 0;
    }
  }
}
