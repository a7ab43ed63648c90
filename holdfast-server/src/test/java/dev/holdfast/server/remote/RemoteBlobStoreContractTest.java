package dev.holdfast.server.remote;

import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.BlobStoreContract;
import dev.holdfast.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract, through a real server on loopback over mutual TLS, backed by a local
 * folder: every guarantee of the storage interface survives the network hop.
 */
class RemoteBlobStoreContractTest extends BlobStoreContract {
  @TempDir Path tmp;

  private TestServer server;

  @Override
  protected BlobStore newStore() {
    server = TestServer.start(tmp);
    return server.client(TestServer.ADMIN);
  }

  @Override
  protected void cleanup() {
    server.close();
  }
}
