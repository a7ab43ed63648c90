package dev.holdfast.operator.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * Where the SARIF is and whose it is.
 *
 * @param repository the name of a BackupRepository in this namespace
 * @param app the application name
 * @param version the version id (git commit or image digest); absent means the report's {@code
 *     revisionId}
 * @param configMapRef the ConfigMap key that holds the SARIF (ConfigMaps hold at most 1 MiB; larger
 *     reports are uploaded with {@code holdfast sast ingest} instead)
 * @param gate the lowest severity that makes the version vulnerable (default {@code high})
 */
public record SecurityReportSpec(
    @Required @Pattern(DnsNames.SUBDOMAIN) String repository,
    @Required @Pattern("^[A-Za-z0-9][-._A-Za-z0-9]{0,127}$") String app,
    String version,
    @Required SecretKeyReference configMapRef,
    @Pattern("^(critical|high|medium|low|info)$") String gate) {}
