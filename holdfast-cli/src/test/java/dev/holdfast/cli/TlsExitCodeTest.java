package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.testing.TestCertificates;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input to {@code holdfast tls}: each gets one clear line naming what is wrong and the exit
 * code docs/CLI.md gives it, and nothing is left half done.
 */
class TlsExitCodeTest {
  @TempDir Path tmp;
  CliAuthority ca;

  @BeforeEach
  void authority() throws Exception {
    ca = CliAuthority.create(tmp);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tls",
        "tls ca",
        "tls status",
        "tls status CERT --warn soon",
        "tls status CERT --warn 7d --critical 30d",
        "tls status CERT --fail-on never",
        "tls status CERT --timeout 0s",
        "tls status CERT --json --metrics",
        "tls ca init",
        "tls issue --dir CA --ca-password-file PASS --out OUT",
        "tls issue --dir CA --ca-password-file PASS --out OUT --name x",
        "tls issue --dir CA --ca-password-file PASS --out OUT --name x --dns *.example.org",
        "tls issue --dir CA --ca-password-file PASS --out OUT --name x --ip 10.0.0.300",
        "tls issue --dir CA --ca-password-file PASS --out OUT --name x --uri spiffe://Holdfast/x",
        "tls issue --dir CA --ca-password-file PASS --out OUT --name x --dns a --lifetime 1m",
        "tls issue --dir CA --ca-password-file PASS --out OUT --name x --dns a --usage peer",
        "tls issue --dir CA --ca-password-file PASS --out OUT --name x --dns a --renew-at 150%",
        "tls rotate --dir CA --ca-password-file PASS --out OUT",
        "tls ca rotate --dir CA --ca-password-file PASS --advance --status"
      })
  void usageErrorsAreTwo(String command) throws Exception {
    Path cert =
        Files.write(
            tmp.resolve("cert.pem"),
            Pem.encodeCertificates(
                List.of(TestCertificates.ca("X", Clock.systemUTC()).certificate())));
    String[] args =
        command
            .replace("CERT", cert.toString())
            .replace("CA ", ca.dir + " ")
            .replace("PASS", ca.passwordFile.toString())
            .replace("OUT", tmp.resolve("out").toString())
            .split(" ");

    Cli.Result r = Cli.run(args);

    assertThat(r.code()).as("%s\n%s", command, r).isEqualTo(2);
    assertThat(r.err()).startsWith("holdfast: ");
    assertThat(tmp.resolve("out")).as(command).doesNotExist();
  }

  @Test
  void garbagePemIsTwentyAndNamesTheFile() throws Exception {
    Path garbage =
        Files.writeString(
            tmp.resolve("garbage.pem"),
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    Path der = Files.write(tmp.resolve("random.crt"), new byte[] {0x30, 0x03, 0x01, 0x02, 0x03});

    Cli.Result pem = CliAuthority.status(garbage.toString());
    Cli.Result notDer = CliAuthority.status(der.toString());

    assertThat(pem.code()).as("%s", pem).isEqualTo(20);
    assertThat(pem.err()).startsWith("holdfast: " + garbage + ": damaged PEM (");
    assertThat(notDer.code()).as("%s", notDer).isEqualTo(20);
    assertThat(notDer.err())
        .startsWith("holdfast: " + der + ": not PEM, and not a DER certificate");
  }

  @Test
  void aWrongKeystorePasswordIsElevenAndNoPasswordIsTwo() throws Exception {
    CertificateAuthority other = TestCertificates.ca("Store CA", Clock.systemUTC());
    CertifiedKey leaf = TestCertificates.leaf(other, "stored");
    Path store =
        TestCertificates.keystore(
            tmp.resolve("store.p12"), "PKCS12", "right".toCharArray(), leaf, other.certificate());
    Path wrong = Files.writeString(tmp.resolve("wrong"), "wrong\n");
    Path right = Files.writeString(tmp.resolve("right"), "right\n");

    Cli.Result withWrong =
        CliAuthority.status(store.toString(), "--keystore-password-file", wrong.toString());
    Cli.Result without = CliAuthority.status(store.toString());
    Cli.Result withRight =
        CliAuthority.status(
            store.toString(), "--keystore-password-file", right.toString(), "--json");

    assertThat(withWrong.code()).as("%s", withWrong).isEqualTo(11);
    assertThat(withWrong.err())
        .isEqualTo(
            "holdfast: "
                + store
                + ": the password does not open this PKCS12 keystore (or it is damaged)\n");
    assertThat(without.code()).as("%s", without).isEqualTo(2);
    assertThat(without.err())
        .isEqualTo("holdfast: " + store + ": a password is needed to read this keystore\n");
    assertThat(withRight.code()).as("%s", withRight).isZero();
    assertThat(withRight.json().get("certificates")).hasSize(3);
    assertThat(withRight.out() + withRight.err()).doesNotContain("right\n");
  }

  @Test
  void anUnreachableEndpointIsThirteen() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }

    Cli.Result r = CliAuthority.status("127.0.0.1:" + port, "--json");

    assertThat(r.code()).as("%s", r).isEqualTo(13);
    assertThat(r.err()).startsWith("holdfast: endpoint 127.0.0.1:" + port + ": cannot connect (");
    assertThat(r.json().get("failures").get(0).get("exitCode").asInt()).isEqualTo(13);
  }

  @Test
  void aCriticalCertificateOutranksAnUnreadableSource() throws Exception {
    ca.issue(tmp.resolve("server"), "repo");

    Cli.Result r =
        CliAuthority.status(
            tmp.resolve("server").resolve("tls.crt").toString(),
            tmp.resolve("missing.crt").toString(),
            "--critical",
            "2d",
            "--warn",
            "3d");

    assertThat(r.code()).as("%s", r).isEqualTo(22);
    assertThat(r.err())
        .isEqualTo(
            "holdfast: reading certificate file "
                + tmp.resolve("missing.crt")
                + ": no such file\n");
    assertThat(r.out())
        .contains("1 certificates: 1 critical")
        .contains("1 sources could not be read");
  }

  @Test
  void nothingFoundIsFifteen() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));

    Cli.Result r = CliAuthority.status(empty.toString());

    assertThat(r.code()).as("%s", r).isEqualTo(15);
    assertThat(r.out()).contains("0 certificates");
  }

  @Test
  void aWrongCaPassphraseIsElevenAndChangesNothing() throws Exception {
    Path wrong = Files.writeString(tmp.resolve("wrong"), "not the CA passphrase\n");

    Cli.Result r =
        Cli.run(
            "tls",
            "issue",
            "--dir",
            ca.dir.toString(),
            "--ca-password-file",
            wrong.toString(),
            "--out",
            tmp.resolve("out").toString(),
            "--name",
            "x",
            "--dns",
            "x");

    assertThat(r.code()).as("%s", r).isEqualTo(11);
    assertThat(r.err())
        .startsWith("holdfast: " + ca.dir.resolve("ca-1").resolve("ca.key"))
        .contains("the passphrase does not open this private key");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void aSecondCaInTheSameFolderIsRefusedAndAForeignFolderIsNotTaken() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(photos.resolve("holiday.jpg"), "not an authority");

    Cli.Result again = ca.run("ca init", "--kdf-memory", "1M");
    Cli.Result foreign =
        Cli.run(
            "tls",
            "ca",
            "init",
            "--dir",
            photos.toString(),
            "--ca-password-file",
            ca.passwordFile.toString(),
            "--kdf-memory",
            "1M");
    Cli.Result missing =
        Cli.run(
            "tls",
            "ca",
            "rotate",
            "--status",
            "--dir",
            tmp.resolve("nowhere").toString(),
            "--ca-password-file",
            ca.passwordFile.toString());

    assertThat(again.code()).as("%s", again).isEqualTo(21);
    assertThat(again.err())
        .isEqualTo("holdfast: a certificate authority already exists in " + ca.dir + "\n");
    assertThat(foreign.code()).as("%s", foreign).isEqualTo(2);
    assertThat(foreign.err()).contains("is not empty");
    try (var files = Files.list(photos)) {
      assertThat(files).hasSize(1);
    }
    assertThat(missing.code()).as("%s", missing).isEqualTo(13);
    assertThat(missing.err())
        .isEqualTo("holdfast: no certificate authority in " + tmp.resolve("nowhere") + "\n");
  }
}
