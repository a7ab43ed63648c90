package dev.holdfast.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.server.access.AccessPolicy;
import dev.holdfast.server.access.RepositoryGrants;
import dev.holdfast.server.protocol.RepositoryName;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  private static final RepositoryName MAIN = new RepositoryName("main");
  private static final RepositoryName TYPO = new RepositoryName("mian");
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);
  private static final ServerTls NO_TLS =
      () -> {
        throw new AssertionError("not started");
      };

  @Test
  void aPolicyNamingARepositoryThatIsNotOfferedIsRefused() {
    Map<RepositoryName, BlobStore> stores = Map.of(MAIN, new InMemoryBlobStore());
    AccessPolicy policy =
        AccessPolicy.of(Map.of(MAIN, RepositoryGrants.none(), TYPO, RepositoryGrants.none()));

    assertThatThrownBy(() -> ServerConfig.of(ANY, stores, policy, NO_TLS))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("names repository mian, which the server does not offer");
  }

  @Test
  void anOfferedRepositoryWithoutPolicyEntryIsRefused() {
    Map<RepositoryName, BlobStore> stores = Map.of(MAIN, new InMemoryBlobStore());

    assertThatThrownBy(() -> ServerConfig.of(ANY, stores, AccessPolicy.of(Map.of()), NO_TLS))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("no entry for repository main");
  }

  @Test
  void aServerWithoutRepositoriesIsRefused() {
    assertThatThrownBy(() -> ServerConfig.of(ANY, Map.of(), AccessPolicy.of(Map.of()), NO_TLS))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("at least one repository");
  }
}
