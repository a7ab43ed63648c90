/**
 * Certificates in the cluster: Holdfast's CA kept in a Secret, ManagedCertificate resources issued
 * and renewed into TLS Secrets with their workloads rolled, and the expiry watch over every TLS
 * Secret.
 */
package dev.holdfast.operator.certs;
