package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code holdfast serve} and {@code --repo https://…} as an operator sets them up: certificates
 * from {@code holdfast tls}, a policy with an append-only agent, a restore identity and
 * maintenance, and every job run through the server over mutual TLS.
 */
class ServeCommandTest {
  @TempDir Path tmp;
  Path agent;
  Path restorer;
  Path maintenance;
  Path stranger;
  CliServer server;
  String location;

  @BeforeEach
  void serve() throws Exception {
    CliAuthority ca = CliAuthority.create(tmp);
    Path serverTls = tmp.resolve("server-tls");
    ca.issue(
        serverTls, "repo-server", "--dns", "localhost", "--ip", "127.0.0.1", "--usage", "server");
    agent = tmp.resolve("agent-tls");
    ca.issue(agent, "agent", "--usage", "client");
    restorer = tmp.resolve("restore-tls");
    ca.issue(restorer, "restore", "--usage", "client");
    maintenance = tmp.resolve("maintenance-tls");
    ca.issue(maintenance, "maintenance", "--usage", "client");
    stranger = tmp.resolve("stranger-tls");
    CliAuthority.create(Files.createDirectories(tmp.resolve("other")))
        .issue(stranger, "agent", "--usage", "client");
    Path policy =
        Files.writeString(
            tmp.resolve("policy.json"),
            """
            {"repositories": {"main": {
              "read": ["spiffe://holdfast/agent", "spiffe://holdfast/restore",
                       "spiffe://holdfast/maintenance"],
              "append": ["spiffe://holdfast/agent", "spiffe://holdfast/maintenance"],
              "delete": ["spiffe://holdfast/maintenance"]}}}
            """);
    server =
        CliServer.start(
            tmp,
            false,
            "--repository",
            "main=" + tmp.resolve("served"),
            "--policy",
            policy.toString(),
            "--tls-dir",
            serverTls.toString(),
            "--state-dir",
            tmp.resolve("state").toString());
    location = server.location("main");
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  CliRepo as(Path identity) throws Exception {
    return CliRepo.at(tmp, location, List.of("--tls-dir", identity.toString()));
  }

  @Test
  void anAgentBacksUpARestoreIdentityRestoresAndOnlyMaintenanceRemoves() throws Exception {
    CliRepo agentRepo = CliRepo.create(tmp, location, List.of("--tls-dir", agent.toString()));
    Path data = SampleTrees.write(tmp.resolve("data"), 11);
    String first = agentRepo.backup(data.toString());
    Files.writeString(data.resolve("added.txt"), "more");
    String second = agentRepo.backup(data.toString());

    Cli.Result removal = agentRepo.run("forget", first);
    assertThat(removal.code()).as("%s", removal).isEqualTo(13);
    assertThat(removal.err()).contains("spiffe://holdfast/agent").contains("delete");

    CliRepo restoreRepo = as(restorer);
    restoreRepo.ok("restore", second, "--target", tmp.resolve("out").toString(), "--verify");
    assertThat(tmp.resolve("out/added.txt")).hasContent("more");
    restoreRepo.ok("check", "--read-data");
    assertThat(restoreRepo.run("backup", data.toString()).code()).isEqualTo(13);

    CliRepo maintenanceRepo = as(maintenance);
    maintenanceRepo.ok("forget", first);
    maintenanceRepo.ok("prune");
    assertThat(maintenanceRepo.json("snapshots")).hasSize(1);
    maintenanceRepo.ok("check", "--read-data");
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedAtTheHandshake() throws Exception {
    CliRepo.create(tmp, location, List.of("--tls-dir", agent.toString()));

    // It trusts the server's CA, but its own certificate comes from another CA.
    Cli.Result r =
        CliRepo.at(
                tmp,
                location,
                List.of(
                    "--tls-dir",
                    stranger.toString(),
                    "--tls-trust-dir",
                    tmp.resolve("server-tls").toString()))
            .run("snapshots");

    assertThat(r.code()).as("%s", r).isEqualTo(13);
    assertThat(r.err()).contains("refused this client's certificate");
  }

  @Test
  void withoutTlsMaterialTheClientSaysWhatToGive() {
    Cli.Result r = Cli.run("--repo", location, "--password-file", "x", "snapshots");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("needs a client or server certificate: give --tls-dir DIR");
  }
}
