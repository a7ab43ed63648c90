package dev.holdfast.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Where backups are stored: a Holdfast repository on S3-compatible storage, on a repository server,
 * or on a local path of the operator's pod, with the Secrets that open it.
 */
@Group(HoldfastResource.GROUP)
@Version(HoldfastResource.VERSION)
@Kind("BackupRepository")
@ShortNames("hfrepo")
@AdditionalPrinterColumn(
    name = "URL",
    jsonPath = ".spec.url",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reachable",
    jsonPath = ".status.reachable",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(
    name = "Snapshots",
    jsonPath = ".status.snapshotCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Size",
    jsonPath = ".status.size",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public final class BackupRepository
    extends HoldfastResource<BackupRepositorySpec, BackupRepositoryStatus> {}
