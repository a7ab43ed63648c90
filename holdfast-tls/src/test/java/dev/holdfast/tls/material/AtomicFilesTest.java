package dev.holdfast.tls.material;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.tls.TlsStorageException;
import dev.holdfast.tls.material.AtomicFiles.Visibility;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are replaced whole, private ones are 0600 from the start, and nothing is left behind. */
class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void theModeOfPrivateFilesCannotBeWidenedByAnyCaller() {
    assertThatThrownBy(
            () ->
                Visibility.PRIVATE
                    .permissions()
                    .add(java.nio.file.attribute.PosixFilePermission.OTHERS_READ))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(PosixFilePermissions.toString(Visibility.PRIVATE.permissions()))
        .isEqualTo("rw-------");
  }

  @Test
  void privateFilesAreOwnerOnlyAndPublicFilesWorldReadable() throws Exception {
    Path key = dir.resolve("tls.key");
    Path certificate = dir.resolve("tls.crt");
    AtomicFiles.write(key, bytes("key"), Visibility.PRIVATE);
    AtomicFiles.write(certificate, bytes("cert"), Visibility.PUBLIC);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certificate)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void aFileIsReplacedWholeAndNoTemporaryFileRemains() throws Exception {
    Path file = dir.resolve("ca.crt");
    AtomicFiles.write(file, bytes("first version, rather long"), Visibility.PUBLIC);
    AtomicFiles.write(file, bytes("second"), Visibility.PUBLIC);

    assertThat(Files.readString(file)).isEqualTo("second");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aPrivateFolderIsOwnerOnly() throws Exception {
    Path folder = dir.resolve("ca/ca-1");
    AtomicFiles.createPrivateFolder(folder);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
        .isEqualTo("rwx------");
  }

  @Test
  void writingIntoAMissingFolderNamesIt() {
    Path file = dir.resolve("missing/tls.key");
    assertThatThrownBy(() -> AtomicFiles.write(file, bytes("x"), Visibility.PRIVATE))
        .isInstanceOf(TlsStorageException.class)
        .hasMessage("writing " + file + ": the folder " + dir.resolve("missing") + " is missing");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
