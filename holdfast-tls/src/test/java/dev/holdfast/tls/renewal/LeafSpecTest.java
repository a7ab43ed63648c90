package dev.holdfast.tls.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.TlsStorageException;
import dev.holdfast.tls.ca.KeyAlgorithm;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A leaf folder's spec is written and read back whole, and a damaged one is a clear error. */
class LeafSpecTest {
  @TempDir Path dir;

  @Test
  void aSpecReadsBackAsWritten() {
    LeafSpec spec =
        new LeafSpec(
            LeafRequest.of("repo", Usage.BOTH, "spiffe://holdfast/server", "https://repo/x?a=b")
                .withDnsNames("repo.example.org", "repo")
                .withIpAddresses("10.0.0.7", "::1")
                .withLifetime(Duration.ofDays(30))
                .withKeyAlgorithm(KeyAlgorithm.RSA_3072),
            RenewalPolicy.parse("8h").withJitter(0.2));

    spec.write(dir);

    assertThat(LeafSpec.existsIn(dir)).isTrue();
    assertThat(LeafSpec.read(dir)).isEqualTo(spec);
  }

  @Test
  void aSpecWithoutDnsOrIpNamesReadsBack() {
    LeafSpec spec =
        new LeafSpec(
            LeafRequest.of("agent-1", Usage.CLIENT, "spiffe://holdfast/agent/node-1"),
            RenewalPolicy.DEFAULT);
    spec.write(dir);

    LeafSpec read = LeafSpec.read(dir);

    assertThat(read.request()).isEqualTo(spec.request());
    assertThat(read.policy().jitter()).isEqualTo(spec.policy().jitter());
  }

  @Test
  void aMissingOrDamagedSpecIsAClearError() throws Exception {
    assertThatThrownBy(() -> LeafSpec.read(dir))
        .isInstanceOf(TlsStorageException.class)
        .hasMessage("reading leaf spec " + dir.resolve("leaf.conf") + ": no such file");

    Files.writeString(dir.resolve("leaf.conf"), "name=repo\nusage=server\n");
    assertThatThrownBy(() -> LeafSpec.read(dir))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage(dir.resolve("leaf.conf") + ": 'lifetime' is missing");

    Files.writeString(
        dir.resolve("leaf.conf"),
        "name=repo\nuri=spiffe://holdfast/x\nusage=sometimes\nlifetime=PT24H\n"
            + "key-algorithm=ecdsa-p256\nrenew-at=67%\nrenew-jitter=0.1\n");
    assertThatThrownBy(() -> LeafSpec.read(dir))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage(
            dir.resolve("leaf.conf")
                + ": unknown certificate usage 'sometimes' (use server, client or both)");
  }
}
