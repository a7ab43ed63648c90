package dev.holdfast.operator.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A whole Secret in the resource's own namespace, whose keys are fixed by the field that refers to
 * it (e.g. {@code accessKeyId} and {@code secretAccessKey}).
 *
 * @param name the Secret's name
 */
public record SecretReference(@Required @Pattern(DnsNames.SUBDOMAIN) String name) {}
