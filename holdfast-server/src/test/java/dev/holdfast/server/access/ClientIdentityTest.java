package dev.holdfast.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.server.testing.TestCa;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

class ClientIdentityTest {
  private static final TestCa CA = TestCa.create("identity-test-ca");

  @Test
  void theUriSanIsTheIdentity() {
    assertThat(ClientIdentity.of(CA.client("spiffe://holdfast/agent/node-1").certificate()))
        .isEqualTo(new ClientIdentity("spiffe://holdfast/agent/node-1"));
  }

  @Test
  void withoutUriSanTheCommonNameIsTheIdentity() {
    TestCa.Leaf leaf =
        TestCa.Leaf.client("backup-agent")
            .withSans(new GeneralName(GeneralName.dNSName, "node-1.example"));

    assertThat(ClientIdentity.of(CA.issue(leaf).certificate()))
        .isEqualTo(new ClientIdentity("backup-agent"));
  }

  @Test
  void aCertificateWithTwoUriSansNamesNoIdentity() {
    TestCa.Leaf leaf =
        TestCa.Leaf.client("x")
            .withSans(
                new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://holdfast/a"),
                new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://holdfast/b"));

    assertThatThrownBy(() -> ClientIdentity.of(CA.issue(leaf).certificate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 URI SANs");
  }

  @Test
  void blankOverlongAndControlCharacterIdentitiesAreRefused() {
    assertThatThrownBy(() -> new ClientIdentity(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ClientIdentity("a".repeat(1025)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ClientIdentity("spiffe://a\nb"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
