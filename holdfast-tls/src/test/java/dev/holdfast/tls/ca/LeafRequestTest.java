package dev.holdfast.tls.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.tls.InvalidRequestException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad names and lifetimes are refused before any key is made, each with its own message. */
class LeafRequestTest {
  private static final LeafRequest BASE =
      LeafRequest.of("agent", Usage.CLIENT, "spiffe://holdfast/agent/a");

  @Test
  void namesAreNormalised() {
    LeafRequest request =
        BASE.withDnsNames("Repo.Holdfast.SVC.", "repo.holdfast.svc").withIpAddresses("::0001");
    assertThat(request.dnsNames()).containsExactly("repo.holdfast.svc");
    assertThat(request.ipAddresses()).containsExactly("0:0:0:0:0:0:0:1");
    assertThat(request.lifetime()).isEqualTo(Duration.ofHours(24));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "dns | *.holdfast.svc | not a DNS name: '*.holdfast.svc' (letters, digits and hyphens; no wildcards)",
        "dns | -bad.example | not a DNS name: '-bad.example'",
        "dns | a..b | not a DNS name: 'a..b'",
        "ip | 10.0.0.256 | not an IP address: '10.0.0.256'",
        "ip | example.org | not an IP address: 'example.org'",
        "uri | relative/path | not an absolute URI: 'relative/path'",
        "uri | spiffe://Holdfast/agent | not a SPIFFE ID: 'spiffe://Holdfast/agent'",
        "uri | spiffe://holdfast:443/agent | not a SPIFFE ID: 'spiffe://holdfast:443/agent'",
        "uri | spiffe://holdfast/agent?x=1 | not a SPIFFE ID: 'spiffe://holdfast/agent?x=1'",
      })
  void badNamesAreRefused(String kind, String value, String message) {
    assertThatThrownBy(
            () -> {
              switch (kind) {
                case "dns":
                  BASE.withDnsNames(value);
                  break;
                case "ip":
                  BASE.withIpAddresses(value);
                  break;
                default:
                  BASE.withUris(value);
              }
            })
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void aCertificateMustNameSomethingPeersCheckAndLiveSensibly() {
    assertThatThrownBy(() -> LeafRequest.of("lonely", Usage.SERVER))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "certificate for 'lonely' names no DNS name, IP address or URI; peers check those, not"
                + " the CN");
    assertThatThrownBy(() -> BASE.withLifetime(Duration.ofMinutes(1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("certificate lifetime PT1M is out of range (10 minutes to 397 days)");
    assertThatThrownBy(() -> BASE.withLifetime(Duration.ofDays(400)))
        .isInstanceOf(InvalidRequestException.class);
  }
}
