package dev.holdfast.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.FaultyStore.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultyStoreTest {
  private static BlobName name(int i) {
    return new BlobName(BlobKind.INDEX, String.format("%064x", i));
  }

  @Test
  void fullDiskRefusesEveryPutAfterTheFirstNAndWritesNothing() {
    InMemoryBlobStore inner = new InMemoryBlobStore();
    FaultyStore store = new FaultyStore(inner, 1).diskFullAfterPuts(2);
    assertThat(store.putIfAbsent(name(1), new byte[] {1})).isTrue();
    assertThat(store.putIfAbsent(name(2), new byte[] {2})).isTrue();
    for (int i = 3; i < 6; i++) {
      int n = i;
      assertThatThrownBy(() -> store.putIfAbsent(name(n), new byte[] {3}))
          .isInstanceOf(StorageUnavailable.class)
          .hasMessageEndingWith("the disk is full")
          .matches(e -> ((StorageUnavailable) e).permanent(), "permanent");
    }
    assertThat(inner.list(BlobKind.INDEX)).hasSize(2);
    store.heal();
    assertThat(store.putIfAbsent(name(6), new byte[] {6})).isTrue();
    assertThat(store.injected(Request.PUT)).isEqualTo(3);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void theSameSeedFailsTheSameRequests(long seed) {
    assertThat(failures(seed)).as("seed %d", seed).isEqualTo(failures(seed));
    assertThat(failures(seed)).as("seed %d: some fail, some pass", seed).contains(true, false);
  }

  private static List<Boolean> failures(long seed) {
    InMemoryBlobStore inner = new InMemoryBlobStore();
    inner.putIfAbsent(name(0), new byte[] {0});
    FaultyStore store = new FaultyStore(inner, seed).fail(Request.GET, 0.5);
    List<Boolean> out = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      out.add(catchThrowable(() -> store.get(name(0))) != null);
    }
    return out;
  }

  @Test
  void aFailedPutIsTransientAndLeavesTheBlobWholeOrAbsent() {
    InMemoryBlobStore inner = new InMemoryBlobStore();
    FaultyStore store = new FaultyStore(inner, 7).fail(Request.PUT, 1.0);
    byte[] data = {1, 2, 3};
    int stored = 0;
    for (int i = 0; i < 32; i++) {
      int n = i;
      Throwable t = catchThrowable(() -> store.putIfAbsent(name(n), data));
      assertThat(t).isInstanceOf(StorageUnavailable.class).hasMessageContaining("injected fault");
      assertThat(((StorageUnavailable) t).permanent()).isFalse();
      if (inner.stat(name(n)).isPresent()) {
        assertThat(inner.get(name(n))).isEqualTo(data);
        assertThat(t).hasMessageContaining("the reply was lost");
        stored++;
      }
    }
    assertThat(stored).as("both kinds of failed PUT happen").isBetween(1, 31);
  }

  @Test
  void everyRequestClassCanFail() {
    InMemoryBlobStore inner = new InMemoryBlobStore();
    inner.putIfAbsent(name(0), new byte[] {0});
    FaultyStore store = new FaultyStore(inner, 3);
    for (Request r : Request.values()) {
      store.fail(r, 1.0);
    }
    assertThat(catchThrowable(() -> store.get(name(0)))).isInstanceOf(StorageUnavailable.class);
    assertThat(catchThrowable(() -> store.getRange(name(0), 0, 1)))
        .isInstanceOf(StorageUnavailable.class);
    assertThat(catchThrowable(() -> store.stat(name(0)))).isInstanceOf(StorageUnavailable.class);
    assertThat(catchThrowable(() -> store.list(BlobKind.INDEX)))
        .isInstanceOf(StorageUnavailable.class);
    assertThat(catchThrowable(() -> store.delete(name(0)))).isInstanceOf(StorageUnavailable.class);
    assertThat(inner.stat(name(0))).as("a failed delete deletes nothing").isPresent();
    store.heal();
    assertThat(store.get(name(0))).containsExactly(0);
  }
}
