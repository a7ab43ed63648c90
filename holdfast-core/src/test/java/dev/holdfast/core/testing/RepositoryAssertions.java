package dev.holdfast.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.check.Check;
import dev.holdfast.core.check.CheckOptions;
import dev.holdfast.core.check.CheckResult;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.restore.Restore;
import dev.holdfast.core.restore.RestoreProgress;
import dev.holdfast.core.restore.RestoreRequest;
import dev.holdfast.core.restore.RestoreResult;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobStore;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The outcomes users care about, asserted: a repository checks clean, a snapshot restores exactly.
 */
public final class RepositoryAssertions {
  private RepositoryAssertions() {}

  /** {@code check --read-data} finds no error and no damaged file. */
  public static CheckResult checksClean(Repository repo, String ctx) {
    CheckResult check = new Check(repo).run(CheckOptions.allData());
    assertThat(check.errors()).as("%s: check errors", ctx).isEmpty();
    assertThat(check.damagedFiles()).as("%s: damaged files", ctx).isEmpty();
    return check;
  }

  /**
   * Restores {@code s} into {@code target} through a repository opened afresh on {@code store},
   * verifying every file, and compares the result with {@code source}.
   */
  public static void restoresExactly(
      BlobStore store, Snapshot s, Path source, Path target, String ctx) throws IOException {
    try (Repository repo = TestRepositories.open(store)) {
      RestoreResult r =
          new Restore(repo)
              .run(RestoreRequest.of(s, target).withVerify(true), new RestoreProgress());
      assertThat(r.problems()).as("%s: restore problems", ctx).isEmpty();
    }
    TreeAssertions.assertSameTree(source, target, ctx);
  }
}
