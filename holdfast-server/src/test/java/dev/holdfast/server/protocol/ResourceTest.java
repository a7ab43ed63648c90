package dev.holdfast.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceTest {
  private static final RepositoryName MAIN = new RepositoryName("main");

  @Test
  void everyResourceParsesBackFromItsPath() {
    List<Resource> resources = new ArrayList<>();
    resources.add(new Resource.Description(MAIN));
    resources.add(new Resource.Blob(MAIN, BlobName.CONFIG));
    resources.add(new Resource.Retention(MAIN, BlobName.CONFIG));
    for (BlobKind kind : BlobKind.values()) {
      if (kind != BlobKind.CONFIG) {
        BlobName name = new BlobName(kind, "0f".repeat(32));
        resources.add(new Resource.Blob(MAIN, name));
        resources.add(new Resource.Retention(MAIN, name));
        resources.add(new Resource.Listing(MAIN, kind));
      }
    }

    for (Resource resource : resources) {
      assertThat(Resource.parse(resource.path())).as(resource.path()).isEqualTo(resource);
    }
  }

  @Test
  void blobPathsAreFlatFolderAndName() {
    BlobName pack = new BlobName(BlobKind.PACK, "3fa2");

    assertThat(new Resource.Blob(MAIN, pack).path()).isEqualTo("/main/data/3fa2");
    assertThat(new Resource.Blob(MAIN, BlobName.CONFIG).path()).isEqualTo("/main/config");
    assertThat(new Resource.Listing(MAIN, BlobKind.LOCK).path()).isEqualTo("/main/locks/");
    assertThat(Resource.parse("/main")).isEqualTo(new Resource.Description(MAIN));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "",
        "main/config",
        "/",
        "/../config",
        "/main/..",
        "/main/./config",
        "/main/data/..",
        "/main/data/3f/3fa2",
        "/main/data/3FA2",
        "/main/data/3",
        "/main/data/%33fa2",
        "/main/config/",
        "/main/configs",
        "/main/tmp/3fa2",
        "/main/retention/",
        "/main/retention/data/",
        "/main/data/3fa2/",
        "/MAIN/config",
        "/ma in/config",
        "/main\u0000/config"
      })
  void everythingElseIsMalformed(String path) {
    assertThatThrownBy(() -> Resource.parse(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed path")
        .hasMessageNotContaining("\u0000");
  }

  @Test
  void aLongHostilePathIsCutInTheMessage() {
    String path = "/main/" + "x".repeat(10_000);

    assertThatThrownBy(() -> Resource.parse(path))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
  }
}
