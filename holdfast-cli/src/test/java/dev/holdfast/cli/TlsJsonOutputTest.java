package dev.holdfast.cli;

import static dev.holdfast.cli.JsonShape.assertCamelCase;
import static dev.holdfast.cli.JsonShape.assertShape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the {@code --json} documents of {@code holdfast tls} (docs/CLI.md, "holdfast tls"): field
 * names, order and types.
 */
class TlsJsonOutputTest {
  static final String[] CA_INIT = {
    "dir:string",
    "generation:integer",
    "subject:string",
    "serial:string",
    "algorithm:string",
    "notBefore:time",
    "notAfter:time",
    "trustBundle:string",
    "crls:string"
  };
  static final String[] LEAF = {
    "folder:string",
    "subject:string",
    "serial:string",
    "issuer:string",
    "alternativeNames:array",
    "usage:string",
    "notBefore:time",
    "notAfter:time",
    "renewAt:time"
  };
  static final String[] RENEWAL = {
    "folder:string",
    "renewed:boolean",
    "reason:string",
    "serial:string",
    "notAfter:time",
    "renewAt:time"
  };
  static final String[] ROTATION = {
    "phase:string",
    "current:integer",
    "previous:integer?",
    "since:time",
    "signing:integer",
    "trusted:array",
    "readyAt:time?",
    "canAdvance:boolean",
    "next:string",
    "blockingLeaves:array"
  };
  static final String[] ISSUED = {
    "serial:string", "subject:string", "generation:integer", "notAfter:time"
  };
  static final String[] ROTATE = {
    "ca:object?", "reissued:array", "revoked:array", "notReissued:array"
  };
  static final String[] REISSUED = {"replaced:string?", "leaf:object"};
  static final String[] STATUS = {
    "at:time",
    "warn:string",
    "critical:string",
    "capped:boolean",
    "failOn:string",
    "certificates:array",
    "crls:array",
    "failures:array",
    "skipped:array"
  };
  static final String[] CERTIFICATE = {
    "source:string",
    "kind:string",
    "alias:string?",
    "position:integer",
    "subject:string",
    "alternativeNames:array",
    "issuer:string",
    "serial:string",
    "notBefore:time",
    "notAfter:time",
    "daysLeft:integer",
    "verdict:string",
    "warnAt:time",
    "criticalAt:time",
    "renewAt:time?"
  };
  static final String[] CRL = {
    "source:string",
    "position:integer",
    "issuer:string",
    "thisUpdate:time",
    "nextUpdate:time?",
    "revoked:integer",
    "stale:boolean"
  };
  static final String[] FAILURE = {"source:string", "message:string", "exitCode:integer"};

  @TempDir Path tmp;

  @Test
  void everyTlsCommandPrintsItsDocumentedSchema() throws Exception {
    Path passwordFile = Files.writeString(tmp.resolve("pass"), CliAuthority.PASSPHRASE + "\n");
    Cli.Result init =
        Cli.run(
            "tls",
            "ca",
            "init",
            "--dir",
            tmp.resolve("ca").toString(),
            "--ca-password-file",
            passwordFile.toString(),
            "--kdf-memory",
            "1M",
            "--json");
    assertThat(init.code()).as("%s", init).isZero();
    assertShape(init.json(), "ca init", CA_INIT);
    CliAuthority ca = CliAuthority.existing(tmp.resolve("ca"), passwordFile);
    Path server = tmp.resolve("server");
    Path agent = tmp.resolve("agent");

    JsonNode issued =
        ca.json("issue", "--out", server.toString(), "--name", "repo", "--dns", "repo");
    ca.issue(agent, "agent");
    JsonNode renewed = ca.json("renew", "--out", server.toString());
    JsonNode began = ca.json("ca rotate");
    JsonNode rotated = ca.json("rotate", "--now", "--revoke", "--out", server.toString());
    Cli.Result status =
        CliAuthority.status(server.toString(), tmp.resolve("missing.crt").toString(), "--json");

    assertShape(issued, "issue", LEAF);
    assertThat(renewed.isArray()).isTrue();
    assertShape(renewed.get(0), "renew[]", RENEWAL);
    assertShape(began, "ca rotate", ROTATION);
    assertShape(rotated, "rotate", ROTATE);
    assertShape(rotated.get("reissued").get(0), "rotate.reissued[]", REISSUED);
    assertShape(rotated.get("reissued").get(0).get("leaf"), "rotate.reissued[].leaf", LEAF);
    assertShape(rotated.get("notReissued").get(0), "rotate.notReissued[]", ISSUED);
    JsonNode report = status.json();
    assertShape(report, "status", STATUS);
    assertShape(report.get("certificates").get(0), "status.certificates[]", CERTIFICATE);
    assertShape(report.get("crls").get(0), "status.crls[]", CRL);
    assertShape(report.get("failures").get(0), "status.failures[]", FAILURE);
    for (JsonNode node : new JsonNode[] {issued, renewed, began, rotated, report}) {
      assertCamelCase(node, "tls");
    }
  }

  @Test
  void aCaRotationUnderWayShowsWhatBlocksIt() throws Exception {
    CliAuthority ca = CliAuthority.create(tmp);
    ca.issue(tmp.resolve("server"), "repo");
    ca.json("ca rotate");

    JsonNode emergency =
        ca.json("rotate", "--now", "--ca", "--out", tmp.resolve("server").toString());
    JsonNode status = ca.json("ca rotate", "--status");

    assertShape(emergency.get("ca"), "rotate.ca", ROTATION);
    assertShape(status, "ca rotate --status", ROTATION);
  }
}
