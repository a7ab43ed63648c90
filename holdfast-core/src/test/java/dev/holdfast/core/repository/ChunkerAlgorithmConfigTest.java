package dev.holdfast.core.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UnsupportedFormat;
import dev.holdfast.core.chunking.ChunkerAlgorithm;
import dev.holdfast.core.crypto.MasterKey;
import dev.holdfast.core.crypto.ObjectSealer;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A repository chunks by the algorithm named in its config, for life. */
class ChunkerAlgorithmConfigTest {
  private final InMemoryBlobStore store = new InMemoryBlobStore();
  private final ObjectSealer sealer = MasterKey.generate(new SecureRandom()).objectSealer();

  @Test
  void newRepositoriesGetTheZeroCutAlgorithm() {
    TestRepositories.init(store).close();

    try (Repository repo = TestRepositories.open(store)) {
      assertThat(repo.config().chunkerAlgorithm())
          .isEqualTo(ChunkerAlgorithm.FASTCDC_GEAR64_NC2_ZEROCUT);
      assertThat(repo.chunker().algorithm()).isEqualTo(ChunkerAlgorithm.FASTCDC_GEAR64_NC2_ZEROCUT);
    }
  }

  @Test
  void aRepositoryCreatedWithTheFirstAlgorithmKeepsChunkingByIt() {
    InitOptions first =
        TestRepositories.options().withChunkerAlgorithm(ChunkerAlgorithm.FASTCDC_GEAR64_NC2);
    Repository.init(
            store,
            TestRepositories.PASSPHRASE.toCharArray(),
            first,
            "testhost",
            "tester",
            Clock.systemUTC())
        .close();

    try (Repository repo = TestRepositories.open(store)) {
      assertThat(repo.config().chunkerAlgorithm()).isEqualTo(ChunkerAlgorithm.FASTCDC_GEAR64_NC2);
      assertThat(repo.chunker().algorithm()).isEqualTo(ChunkerAlgorithm.FASTCDC_GEAR64_NC2);
    }
  }

  @Test
  void configsOfTheFirstReleaseReadAsTheFirstAlgorithmAndWriteItBack() throws Exception {
    RepositoryConfig config =
        ConfigCodec.decode(
            ConfigBlobs.sealed(sealer, ConfigBlobs.FIRST_RELEASE_JSON), sealer, "test");

    assertThat(config.chunkerAlgorithm()).isEqualTo(ChunkerAlgorithm.FASTCDC_GEAR64_NC2);
    byte[] blob = ConfigCodec.encode(config, sealer);
    byte[] body =
        sealer.open(
            ConfigCodec.CONTEXT,
            Arrays.copyOfRange(blob, ConfigCodec.MAGIC.length + 1, blob.length));
    assertThat(new String(body, StandardCharsets.UTF_8))
        .contains("\"chunkerAlgorithm\":\"FASTCDC-2020-GEAR64-NC2\"");
  }

  @Test
  void anAlgorithmThisVersionDoesNotKnowIsANewerFormatNotDamage() {
    String newer =
        ConfigBlobs.FIRST_RELEASE_JSON.replace("FASTCDC-2020-GEAR64-NC2", "ULTRACDC-2031");

    assertThatThrownBy(() -> ConfigCodec.decode(ConfigBlobs.sealed(sealer, newer), sealer, "/r"))
        .isInstanceOf(UnsupportedFormat.class)
        .hasMessage(
            "the repository at /r chunks with ULTRACDC-2031, which this holdfast does not know;"
                + " use a newer holdfast");
  }

  @Test
  void namesAreTheConfigNamesAndUnknownOnesAreNamed() {
    for (ChunkerAlgorithm a : ChunkerAlgorithm.values()) {
      assertThat(ChunkerAlgorithm.named(a.configName())).isEqualTo(a);
    }
    assertThatThrownBy(() -> ChunkerAlgorithm.named("rabin"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown chunker algorithm rabin")
        .hasMessageContaining("FASTCDC-2020-GEAR64-NC2-ZEROCUT");
    assertThatThrownBy(() -> ChunkerAlgorithm.named(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
