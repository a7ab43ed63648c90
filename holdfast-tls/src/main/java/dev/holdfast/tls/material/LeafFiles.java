package dev.holdfast.tls.material;

import dev.holdfast.tls.material.AtomicFiles.Visibility;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * Where a peer keeps its own certificate chain and private key, as two PEM files (the layout of a
 * Kubernetes TLS secret: {@code tls.crt} and {@code tls.key}).
 *
 * <p>Each file is replaced atomically, the key first. A reader can therefore see the new key with
 * the old certificate for a moment; {@link #read()} refuses that pair as not matching, and the
 * reloaders keep their current material and try again on the next poll.
 */
public record LeafFiles(Path certificate, Path privateKey) {
  /** Name of the certificate chain file in a folder laid out like a Kubernetes TLS secret. */
  public static final String CERTIFICATE_FILE = "tls.crt";

  /** Name of the private key file in such a folder. */
  public static final String KEY_FILE = "tls.key";

  /** {@code tls.crt} and {@code tls.key} in {@code folder}. */
  public static LeafFiles in(Path folder) {
    return new LeafFiles(folder.resolve(CERTIFICATE_FILE), folder.resolve(KEY_FILE));
  }

  /** Whether both files exist. */
  public boolean exist() {
    return Files.exists(certificate) && Files.exists(privateKey);
  }

  /**
   * Reads the pair and checks that the key belongs to the leaf certificate.
   *
   * @throws dev.holdfast.tls.TlsException naming the file and what is wrong
   */
  public CertifiedKey read() {
    return parse(
        AtomicFiles.read(certificate, Pem.MAX_FILE_BYTES, "certificate file"),
        AtomicFiles.read(privateKey, Pem.MAX_FILE_BYTES, "private key file"));
  }

  /** Checks and pairs the contents of the two files, read by the caller. */
  public CertifiedKey parse(byte[] certificateBytes, byte[] keyBytes) {
    PrivateKey key = Pem.parsePrivateKey(keyBytes, privateKey.toString());
    return CertifiedKey.of(
        key,
        Pem.parseCertificates(certificateBytes, certificate.toString()),
        privateKey + " and " + certificate);
  }

  /** Writes the key (0600) and then the chain (0644), each atomically. */
  public void write(CertifiedKey material) {
    AtomicFiles.write(privateKey, Pem.encodePrivateKey(material.privateKey()), Visibility.PRIVATE);
    AtomicFiles.write(certificate, Pem.encodeCertificates(material.chain()), Visibility.PUBLIC);
  }
}
