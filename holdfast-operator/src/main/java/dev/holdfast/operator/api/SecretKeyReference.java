package dev.holdfast.operator.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * One key of a Secret in the resource's own namespace, such as the repository passphrase. Only the
 * reference is stored in the resource; the value is read when needed and never logged.
 *
 * @param name the Secret's name
 * @param key the key inside the Secret's data
 */
public record SecretKeyReference(
    @Required @Pattern(DnsNames.SUBDOMAIN) String name,
    @Required @Pattern("^[-._a-zA-Z0-9]+$") String key) {}
