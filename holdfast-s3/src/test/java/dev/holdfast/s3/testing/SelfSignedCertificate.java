package dev.holdfast.s3.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-signed TLS certificate made with the JDK's {@code keytool}: a PKCS12 key store for the
 * server and the certificate as PEM for the client's CA bundle.
 *
 * @param keyStore the server's key and certificate (PKCS12)
 * @param password the key store's password
 * @param certificatePem the certificate alone, as a PEM CA bundle
 */
public record SelfSignedCertificate(Path keyStore, String password, Path certificatePem) {

  /**
   * A new key and certificate in {@code folder} (created when missing), valid for the given subject
   * alternative names, e.g. {@code ip:127.0.0.1} or {@code dns:localhost}.
   */
  public static SelfSignedCertificate create(Path folder, String... subjectAltNames) {
    try {
      Files.createDirectories(folder);
      Path keyStore = folder.resolve("server.p12");
      Path pem = folder.resolve("ca.pem");
      String password = "test-keystore-password";
      keytool(
          "-genkeypair",
          "-alias",
          "server",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-dname",
          "CN=holdfast test",
          "-ext",
          "SAN=" + String.join(",", subjectAltNames),
          "-validity",
          "3",
          "-keystore",
          keyStore.toString(),
          "-storetype",
          "PKCS12",
          "-storepass",
          password,
          "-keypass",
          password);
      keytool(
          "-exportcert",
          "-rfc",
          "-alias",
          "server",
          "-keystore",
          keyStore.toString(),
          "-storepass",
          password,
          "-file",
          pem.toString());
      return new SelfSignedCertificate(keyStore, password, pem);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a test certificate in " + folder, e);
    }
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    try {
      if (process.waitFor() != 0) {
        throw new IOException("keytool failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }
}
