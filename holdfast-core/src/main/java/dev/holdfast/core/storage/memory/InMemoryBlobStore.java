package dev.holdfast.core.storage.memory;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Blobs kept in memory, for tests and throw-away repositories. Holds copies; thread-safe. */
public final class InMemoryBlobStore implements BlobStore {
  private final Map<BlobName, byte[]> blobs = new ConcurrentHashMap<>();

  @Override
  public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
    return blobs.putIfAbsent(name, Arrays.copyOfRange(data, offset, offset + length)) == null;
  }

  @Override
  public byte[] get(BlobName name) {
    return bytes(name).clone();
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    byte[] b = bytes(name);
    if (offset < 0 || length < 0 || offset + length > b.length) {
      throw new CorruptObject(
          name
              + " is shorter than expected: "
              + b.length
              + " bytes, asked for "
              + length
              + " at "
              + offset);
    }
    return Arrays.copyOfRange(b, (int) offset, (int) offset + length);
  }

  @Override
  public Optional<BlobInfo> stat(BlobName name) {
    byte[] b = blobs.get(name);
    return b == null ? Optional.empty() : Optional.of(new BlobInfo(name, b.length));
  }

  @Override
  public List<BlobInfo> list(BlobKind kind) {
    List<BlobInfo> out = new ArrayList<>();
    blobs.forEach(
        (name, b) -> {
          if (name.kind() == kind) {
            out.add(new BlobInfo(name, b.length));
          }
        });
    return out;
  }

  @Override
  public void delete(BlobName name) {
    blobs.remove(name);
  }

  @Override
  public String location() {
    return "memory";
  }

  private byte[] bytes(BlobName name) {
    byte[] b = blobs.get(name);
    if (b == null) {
      throw new NoSuchBlob(name + " does not exist in memory");
    }
    return b;
  }
}
