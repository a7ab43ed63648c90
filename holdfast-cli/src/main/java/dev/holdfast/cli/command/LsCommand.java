package dev.holdfast.cli.command;

import dev.holdfast.cli.Formats;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.SnapshotFilter;
import dev.holdfast.cli.Times;
import dev.holdfast.core.browse.Browser;
import dev.holdfast.core.browse.ListedEntry;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast ls SNAPSHOT [PATH]}: lists the entries of a snapshot. */
@Command(name = "ls", description = "List the files and folders in a snapshot.")
public final class LsCommand extends RepoCommand {
  @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "Snapshot id prefix or 'latest'.")
  String snapshot;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PATH",
      description = "Folder or file inside the snapshot (default the root).")
  String path = "";

  @Option(
      names = {"-l", "--long"},
      description = "Show type, mode, owner, size and time.")
  boolean long_;

  @Option(names = "--no-recursive", negatable = false, description = "List one level only.")
  boolean oneLevel;

  @Mixin SnapshotFilter filter = new SnapshotFilter();

  /** The JSON form of one entry. */
  record EntryView(
      String path,
      String type,
      long size,
      String mode,
      int uid,
      int gid,
      String user,
      String group,
      String mtime,
      String target) {}

  @Override
  public Integer call() {
    try (Repository repo = Repositories.open(global())) {
      Snapshot s = repo.snapshots().resolve(snapshot, filter.predicate());
      List<ListedEntry> entries = new Browser(repo).list(s, path, !oneLevel);
      Output out = output();
      if (out.json()) {
        out.printJson(entries.stream().map(LsCommand::view).toList());
        return 0;
      }
      if (!long_) {
        entries.forEach(e -> out.line(e.path()));
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (ListedEntry e : entries) {
        rows.add(
            List.of(
                e.type(),
                String.format("%04o", e.meta().mode()),
                e.meta().user().isEmpty() ? Integer.toString(e.meta().uid()) : e.meta().user(),
                e.meta().group().isEmpty() ? Integer.toString(e.meta().gid()) : e.meta().group(),
                e.type().equals("file") ? Formats.bytes(e.size()) : "",
                Formats.time(mtime(e).atZone(ZoneId.systemDefault()).toOffsetDateTime()),
                e.path() + (e.target().isEmpty() ? "" : " -> " + e.target())));
      }
      out.table(List.of("Type", "Mode", "User", "Group", "Size", "Modified", "Path"), rows);
      return 0;
    }
  }

  private static Instant mtime(ListedEntry e) {
    long ns = e.meta().mtimeNs();
    return Instant.ofEpochSecond(
        Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
  }

  private static EntryView view(ListedEntry e) {
    return new EntryView(
        e.path(),
        e.type(),
        e.size(),
        String.format("%04o", e.meta().mode()),
        e.meta().uid(),
        e.meta().gid(),
        e.meta().user(),
        e.meta().group(),
        Times.format(mtime(e)),
        e.target().isEmpty() ? null : e.target());
  }
}
