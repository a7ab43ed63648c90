package dev.holdfast.core.restore;

import dev.holdfast.core.content.BlobLocation;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.crypto.ChunkHasher;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.repository.Repository;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;

/** Restore's --verify: reads every restored file back and checks each chunk's keyed id. */
final class RestoreVerifier {
  private final Repository repo;

  RestoreVerifier(Repository repo) {
    this.repo = repo;
  }

  /** Reads every restored file back and compares each chunk's keyed id with the snapshot's. */
  long verify(RestorePlan plan) {
    ChunkIndex index = repo.index();
    ChunkHasher hasher = repo.key().newChunkHasher();
    long ok = 0;
    for (RestorePlan.FileJob f : plan.files) {
      try (FileChannel ch =
          FileChannel.open(f.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        boolean same = ch.size() == f.entry().size();
        long position = 0;
        for (ChunkId id : f.entry().content()) {
          if (!same) {
            break;
          }
          int len = index.get(id).map(BlobLocation::rawLength).orElse(-1);
          if (len < 0) {
            same = false;
            break;
          }
          ByteBuffer buf = ByteBuffer.allocate(len);
          while (buf.hasRemaining() && ch.read(buf, position + buf.position()) >= 0) {
            // read until the chunk is complete or the file ends
          }
          same = !buf.hasRemaining() && hasher.hash(buf.array(), 0, len).equals(id);
          position += len;
        }
        if (same) {
          ok++;
        } else {
          plan.problem(f.rel(), "verification failed: the restored file differs from the snapshot");
        }
      } catch (IOException e) {
        plan.problem(f.rel(), "cannot verify: " + e.getMessage());
      }
    }
    return ok;
  }
}
