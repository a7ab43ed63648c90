package dev.holdfast.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import dev.holdfast.server.protocol.RepositoryName;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessPolicyTest {
  private static final ClientIdentity AGENT = new ClientIdentity("spiffe://holdfast/agent/n1");
  private static final ClientIdentity ADMIN = new ClientIdentity("spiffe://holdfast/admin");

  @Test
  void aPolicyGrantsExactlyWhatItLists() {
    AccessPolicy policy =
        parse(
            "{\"repositories\": {\"main\": {"
                + "\"read\": [\"spiffe://holdfast/agent/n1\", \"spiffe://holdfast/admin\"],"
                + "\"append\": [\"spiffe://holdfast/agent/n1\"],"
                + "\"delete\": [\"spiffe://holdfast/admin\"]}}}");

    RepositoryGrants main = policy.grants(new RepositoryName("main")).orElseThrow();
    assertThat(main.allows(AGENT, Permission.READ)).isTrue();
    assertThat(main.allows(AGENT, Permission.APPEND)).isTrue();
    assertThat(main.allows(AGENT, Permission.DELETE)).isFalse();
    assertThat(main.allows(ADMIN, Permission.APPEND)).isFalse();
    assertThat(main.allows(ADMIN, Permission.DELETE)).isTrue();
    assertThat(main.knows(new ClientIdentity("spiffe://holdfast/other"))).isFalse();
    assertThat(policy.grants(new RepositoryName("other"))).isEmpty();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json | not valid JSON",
        "[] | expected an object",
        "{\"repositories\": {}, \"extra\": 1} | unknown key \"extra\"",
        "{\"repositories\": []} | must be an object",
        "{\"repositories\": {\"Main\": {}}} | invalid repository name 'Main'",
        "{\"repositories\": {\"main\": {\"write\": []}}} | unknown permission 'write'",
        "{\"repositories\": {\"main\": {\"read\": \"x\"}}} | must be a list of identities",
        "{\"repositories\": {\"main\": {\"read\": [1]}}} | identities must be strings",
        "{\"repositories\": {\"main\": {\"read\": [\"\"]}}} | must not be blank",
        "{\"repositories\": {\"main\": {}, \"main\": {}}} | Duplicate field 'main'"
      })
  void aMalformedPolicyIsRefusedSayingWhy(String json, String why) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(UsageError.class)
        .hasMessageStartingWith("access policy policy.json")
        .hasMessageContaining(why);
  }

  private static AccessPolicy parse(String json) {
    return AccessPolicy.parse(json.getBytes(StandardCharsets.UTF_8), "policy.json");
  }
}
