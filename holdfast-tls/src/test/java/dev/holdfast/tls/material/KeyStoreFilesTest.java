package dev.holdfast.tls.material;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.WrongPasswordException;
import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Java keystores are read for their certificates, and a truncated, garbled or foreign file or a
 * wrong password each gets a clear error naming the file, never a raw JDK exception.
 */
class KeyStoreFilesTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  private final CertificateAuthority ca = TestCertificates.ca("Test CA", new MutableClock());
  private final CertifiedKey leaf = TestCertificates.leaf(ca, "server");
  @TempDir Path dir;

  @Test
  void readsTheChainsOfAPkcs12AndTheCertificatesOfAJks() throws Exception {
    Path p12 = store("PKCS12");
    Path jks = store("JKS");

    KeyStoreFiles.Contents pkcs12 = KeyStoreFiles.read(p12, PASSWORD);
    KeyStoreFiles.Contents javaKeyStore = KeyStoreFiles.read(jks, PASSWORD);

    assertThat(pkcs12.type()).isEqualTo("PKCS12");
    assertThat(pkcs12.chains().get("server")).containsExactly(leaf.certificate(), ca.certificate());
    assertThat(pkcs12.chains().get("ca")).containsExactly(ca.certificate());
    assertThat(javaKeyStore.type()).isEqualTo("JKS");
    assertThat(javaKeyStore.chains()).containsKeys("server", "ca");
  }

  @Test
  void aTruncatedKeystoreIsSaidToBeTruncated() throws Exception {
    for (String type : List.of("PKCS12", "JKS")) {
      Path file = store(type);
      byte[] bytes = Files.readAllBytes(file);
      Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

      assertThatThrownBy(() -> KeyStoreFiles.read(file, PASSWORD))
          .as(type)
          .isInstanceOf(TlsMaterialException.class)
          .hasMessage(file + ": a truncated or damaged " + type + " keystore");
    }
  }

  @Test
  void aWrongPasswordIsSaidSo() throws Exception {
    for (String type : List.of("PKCS12", "JKS")) {
      Path file = store(type);
      assertThatThrownBy(() -> KeyStoreFiles.read(file, "wrong".toCharArray()))
          .as(type)
          .isInstanceOf(WrongPasswordException.class)
          .hasMessage(
              file + ": the password does not open this " + type + " keystore (or it is damaged)");
    }
  }

  @Test
  void aFileOfAnotherKindIsNotAKeystore() throws Exception {
    Path pem = dir.resolve("tls.crt");
    Files.write(pem, Pem.encodeCertificates(List.of(ca.certificate())));
    Path empty = Files.write(dir.resolve("empty.p12"), new byte[0]);

    assertThatThrownBy(() -> KeyStoreFiles.read(pem, PASSWORD))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage(pem + ": not a PKCS#12 or JKS keystore");
    assertThatThrownBy(() -> KeyStoreFiles.read(empty, PASSWORD))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage(empty + ": not a PKCS#12 or JKS keystore (it is nearly empty)");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42})
  void aGarbledKeystoreIsAClearErrorNeverAnotherException(long seed) throws Exception {
    Random random = new Random(seed);
    Path file = store(random.nextBoolean() ? "PKCS12" : "JKS");
    byte[] bytes = Files.readAllBytes(file);
    for (int i = 0; i < 3; i++) {
      int at = 4 + random.nextInt(bytes.length - 4); // keep the magic: garble the body
      bytes[at] ^= (byte) (1 + random.nextInt(255));
    }
    Files.write(file, bytes);

    assertThatThrownBy(() -> KeyStoreFiles.read(file, PASSWORD))
        .as("seed %d", seed)
        .isInstanceOfAny(TlsMaterialException.class, WrongPasswordException.class)
        .hasMessageStartingWith(file + ": ");
  }

  private Path store(String type) {
    return TestCertificates.keystore(
        dir.resolve("store-" + type + "." + type.toLowerCase()),
        type,
        PASSWORD,
        leaf,
        ca.certificate());
  }
}
