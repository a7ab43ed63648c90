package dev.holdfast.cli.command;

import dev.holdfast.cli.Formats;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.SnapshotFilter;
import dev.holdfast.cli.Times;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Pin;
import dev.holdfast.core.snapshot.PinStore;
import dev.holdfast.core.snapshot.Snapshot;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code holdfast pin SNAPSHOT [--note TEXT]}: protects a snapshot from forget, whatever the
 * policy.
 */
@Command(
    name = "pin",
    description = "Pin a snapshot: forget never removes it, whatever the policy, until unpinned.")
public final class PinCommand extends RepoCommand {
  @Parameters(paramLabel = "SNAPSHOT", description = "The snapshot: an id prefix or latest.")
  String snapshot;

  @Option(
      names = "--note",
      paramLabel = "TEXT",
      description = "Why it is pinned (one line, at most 1000 characters).")
  String note;

  @Mixin SnapshotFilter filter = new SnapshotFilter();

  @Override
  public Integer call() {
    try (Repository repo = Repositories.open(global())) {
      Snapshot s = repo.snapshots().resolve(snapshot, filter.predicate());
      PinStore.Pinned pinned = repo.pins().pin(s.id(), Optional.ofNullable(note));
      Pin pin = pinned.pin();
      Output out = output();
      if (out.json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("snapshot", s.id().toHex());
        json.put("created", pinned.created());
        json.put("pinnedAt", Times.format(pin.pinnedAt()));
        json.put("note", pin.note().orElse(null));
        out.printJson(json);
      } else if (pinned.created()) {
        out.line("pinned snapshot " + s.id().toShortHex() + " (" + s.source() + ")");
      } else {
        out.line(
            "snapshot "
                + s.id().toShortHex()
                + " was already pinned, since "
                + Formats.time(pin.pinnedAt().atZone(ZoneId.systemDefault()).toOffsetDateTime())
                + pin.note().map(n -> " (" + n + ")").orElse(""));
      }
      return 0;
    }
  }
}
