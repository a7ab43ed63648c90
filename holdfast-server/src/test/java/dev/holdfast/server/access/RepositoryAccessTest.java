package dev.holdfast.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.server.protocol.RepositoryName;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The permission table of docs/SERVER.md, for every kind and every set of permissions. */
class RepositoryAccessTest {
  private static final RepositoryName MAIN = new RepositoryName("main");
  private static final ClientIdentity ME = new ClientIdentity("spiffe://holdfast/me");
  private static final ClientIdentity SOMEONE = new ClientIdentity("spiffe://holdfast/someone");

  @ParameterizedTest(name = "{0}")
  @EnumSource(BlobKind.class)
  void theTableHoldsForEveryKindAndEveryCombinationOfPermissions(BlobKind kind) {
    BlobName name = kind == BlobKind.CONFIG ? BlobName.CONFIG : new BlobName(kind, "ab12");
    for (Set<Permission> held : combinations()) {
      RepositoryAccess access = access(held, LockOwners.inMemory());
      String as = kind + " with " + held;

      assertThat(access.toRead("x").isEmpty())
          .as("read, " + as)
          .isEqualTo(held.contains(Permission.READ));
      boolean mayPut =
          kind == BlobKind.LOCK
              ? held.contains(Permission.READ) || held.contains(Permission.APPEND)
              : kind == BlobKind.DELETION
                  ? held.contains(Permission.DELETE)
                  : held.contains(Permission.APPEND);
      assertThat(access.toPut(name).isEmpty()).as("put, " + as).isEqualTo(mayPut);
      assertThat(access.toDelete(name, () -> true).isEmpty())
          .as("delete someone's, " + as)
          .isEqualTo(held.contains(Permission.DELETE));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Permission.class,
      names = {"READ", "APPEND"})
  void withoutDeleteOnlyOwnOrVanishedLocksMayBeRemoved(Permission permission) {
    LockOwners owners = LockOwners.inMemory();
    BlobName mine = new BlobName(BlobKind.LOCK, "aa11");
    BlobName theirs = new BlobName(BlobKind.LOCK, "bb22");
    RepositoryAccess me = access(EnumSet.of(permission), owners);
    me.stored(mine);
    new RepositoryAccess(MAIN, SOMEONE, grants(SOMEONE, EnumSet.of(permission)), owners)
        .stored(theirs);

    assertThat(me.toDelete(mine, () -> true)).isEmpty();
    Optional<Refusal> refusal = me.toDelete(theirs, () -> true);
    assertThat(refusal).isPresent();
    assertThat(refusal.get().missing()).isEqualTo(Permission.DELETE);
    assertThat(refusal.get().message())
        .contains(ME.value())
        .contains("not stored by this identity");
    assertThat(me.toDelete(theirs, () -> false)).as("already gone").isEmpty();

    me.deleted(mine);
    assertThat(me.toDelete(mine, () -> true)).as("a later lock of that name").isPresent();
  }

  private static RepositoryAccess access(Set<Permission> held, LockOwners owners) {
    return new RepositoryAccess(MAIN, ME, grants(ME, held), owners);
  }

  private static RepositoryGrants grants(ClientIdentity identity, Set<Permission> held) {
    return RepositoryGrants.none().allow(identity, held.toArray(new Permission[0]));
  }

  private static Set<Set<Permission>> combinations() {
    Set<Set<Permission>> all = new java.util.HashSet<>();
    Permission[] values = Permission.values();
    for (int mask = 0; mask < 1 << values.length; mask++) {
      Set<Permission> set = EnumSet.noneOf(Permission.class);
      for (int i = 0; i < values.length; i++) {
        if ((mask & 1 << i) != 0) {
          set.add(values[i]);
        }
      }
      all.add(set);
    }
    return all;
  }
}
