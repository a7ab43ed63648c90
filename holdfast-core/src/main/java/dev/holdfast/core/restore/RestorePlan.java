package dev.holdfast.core.restore;

import dev.holdfast.core.snapshot.Metadata;
import dev.holdfast.core.snapshot.TreeEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a restore found while walking the snapshot, in the order it must be applied: folders,
 * files with data, hard links, symlinks; plus what it skipped and the problems it met. Filled by
 * one thread while planning; only the problem and skipped lists are written later from several
 * threads (they are synchronized).
 */
final class RestorePlan {
  final List<Dir> dirs = new ArrayList<>();
  final List<FileJob> files = new ArrayList<>();
  final List<Link> links = new ArrayList<>();
  final List<Sym> symlinks = new ArrayList<>();
  final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
  final List<RestoreProblem> problems = Collections.synchronizedList(new ArrayList<>());
  final Set<String> createdDirs = new HashSet<>();
  final Map<String, Path> firstOfInode = new HashMap<>();

  void problem(String path, String message) {
    problems.add(new RestoreProblem(path, message));
  }

  record Dir(String rel, Path path, Metadata meta) {}

  record FileJob(String rel, Path path, TreeEntry.File entry) {}

  record Link(String rel, Path path, Path existing, Metadata meta) {}

  record Sym(String rel, Path path, TreeEntry.Symlink entry) {}
}
