package dev.holdfast.core.storage.local;

import dev.holdfast.core.StorageUnavailable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Locale;

/**
 * Turns an {@link IOException} into a {@link StorageUnavailable} that names the operation and the
 * blob, and says whether a retry can help: a full disk, a refused permission or a read-only
 * filesystem fail the same way next time.
 */
final class IoFailures {
  /** Error texts (Linux/macOS strerror and Windows messages) of conditions a retry cannot fix. */
  private static final List<String> PERMANENT =
      List.of(
          "no space left on device",
          "not enough space on the disk",
          "disk quota exceeded",
          "read-only file system",
          "permission denied",
          "operation not permitted",
          "access is denied",
          "file too large",
          // a folder where a blob should be, or the other way round: damage, not an outage
          "is a directory",
          "not a directory");

  private IoFailures() {}

  /**
   * The failure of {@code doing} (e.g. "storing") {@code what} (e.g. a blob path) in the store at
   * {@code location}.
   */
  static StorageUnavailable failed(String doing, Object what, String location, IOException e) {
    return new StorageUnavailable(
        doing + " " + what + " in " + location + ": " + reason(e), isPermanent(e), e);
  }

  /** True when the same request will fail again. */
  static boolean isPermanent(IOException e) {
    if (e instanceof AccessDeniedException
        || e instanceof FileAlreadyExistsException
        || e instanceof NotDirectoryException) {
      return true;
    }
    String text = reason(e).toLowerCase(Locale.ROOT);
    return PERMANENT.stream().anyMatch(text::contains);
  }

  /** The error without the file name the JDK puts in front (the caller names the blob). */
  static String reason(IOException e) {
    if (e instanceof FileSystemException) {
      String reason = ((FileSystemException) e).getReason();
      if (reason != null) {
        return reason;
      }
      if (e instanceof AccessDeniedException) {
        return "access denied";
      }
      if (e instanceof NoSuchFileException) {
        return "no such file or folder";
      }
      if (e instanceof FileAlreadyExistsException) {
        return "already exists";
      }
      if (e instanceof NotDirectoryException) {
        return "not a folder";
      }
      return e.getClass().getSimpleName();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
