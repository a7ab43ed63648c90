package dev.holdfast.cli.command;

import dev.holdfast.cli.GateOption;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.Postures;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.sast.finding.SeverityPolicy;
import dev.holdfast.sast.posture.PostureBook;
import dev.holdfast.sast.posture.VersionPosture;
import dev.holdfast.sast.sarif.SarifReader;
import dev.holdfast.sast.store.IngestRequest;
import dev.holdfast.sast.store.IngestResult;
import dev.holdfast.sast.store.ReportHeader;
import dev.holdfast.sast.store.SarifIngest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sast ingest FILE|- --app NAME [--version ID]}. */
@Command(
    name = "ingest",
    description = {
      "Store a SARIF 2.1.0 report as the security report of one application version.",
      "The version is --version, else the report's versionControlProvenance revisionId. An"
          + " invalid report is refused with where it is wrong, and nothing is stored."
    })
public final class SastIngestCommand extends RepoCommand {
  @Parameters(paramLabel = "FILE", description = "The report, or - to read standard input.")
  String file;

  @Option(names = "--app", required = true, paramLabel = "NAME", description = "Application.")
  String app;

  @Option(
      names = "--version",
      paramLabel = "ID",
      description = "Application version: a commit, image digest or release name.")
  String version;

  @Option(
      names = "--max-size",
      paramLabel = "BYTES",
      description = "Refuse reports larger than this (default 1 GiB).")
  long maxSize = SarifReader.DEFAULT_MAX_BYTES;

  @Option(
      names = "--level-severity",
      paramLabel = "LEVEL=SEVERITY[,...]",
      description =
          "How SARIF levels map to severities for rules without a security-severity (default"
              + " error=high,warning=medium,note=low,none=none), e.g. error=critical.")
  String levelSeverity;

  @Mixin GateOption gate = new GateOption();

  @Override
  public Integer call() {
    SeverityPolicy policy;
    try {
      policy =
          levelSeverity == null ? SeverityPolicy.github() : SeverityPolicy.parse(levelSeverity);
    } catch (IllegalArgumentException e) {
      throw new UsageError("--level-severity: " + e.getMessage());
    }
    boolean stdin = file.equals("-");
    Path name = stdin ? null : Path.of(file).getFileName();
    String source = stdin ? "stdin" : name == null ? file : name.toString();
    SarifReader reader = new SarifReader(policy, maxSize);
    try (Repository repo = Repositories.open(global());
        InputStream in = stdin ? System.in : open(Path.of(file))) {
      IngestResult result =
          new SarifIngest(repo, reader)
              .ingest(new IngestRequest(app, Optional.ofNullable(version), source), in);
      ReportHeader h = result.header();
      VersionPosture posture =
          PostureBook.load(repo, List.of(h.version()))
              .judge(gate.gate(), repo.clock().instant())
              .of(h.version());
      Output out = output();
      if (out.json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("created", result.created());
        json.put("report", Postures.json(h));
        json.put("gate", gate.gate().word());
        json.put("posture", Postures.json(posture));
        out.printJson(json);
      } else {
        out.line(
            (result.created() ? "ingested " : "already ingested (nothing written): ")
                + h.source()
                + " as "
                + h.version()
                + " (report "
                + h.id()
                + "): "
                + h.runs().size()
                + " runs ("
                + String.join(", ", h.tools())
                + "), "
                + h.findings()
                + " results");
        out.line(SastViews.describe(posture, gate.gate().word()));
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(Path path) throws IOException {
    try {
      return new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new NotFound("no report at " + path);
    }
  }
}
