package dev.holdfast.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A {@code kubernetes.io/tls} Secret that Holdfast issues from its CA and renews; on renewal the
 * workloads that mount the Secret are rolled so they serve the new certificate.
 */
@Group(HoldfastResource.GROUP)
@Version(HoldfastResource.VERSION)
@Kind("ManagedCertificate")
@ShortNames("hfcert")
@AdditionalPrinterColumn(
    name = "Secret",
    jsonPath = ".spec.secretName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
// Times to come are strings: kubectl shows a "date" column as the age since it, "<invalid>" ahead.
@AdditionalPrinterColumn(
    name = "Expires",
    jsonPath = ".status.notAfter",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Renews",
    jsonPath = ".status.renewalTime",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public final class ManagedCertificate
    extends HoldfastResource<ManagedCertificateSpec, ManagedCertificateStatus> {}
