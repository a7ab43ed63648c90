package dev.holdfast.operator.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A namespaced object named by namespace and name, such as the PersistentVolumeClaim a backup
 * reads.
 *
 * @param namespace the object's namespace
 * @param name the object's name
 */
public record ObjectReference(
    @Required @Pattern(DnsNames.LABEL) String namespace,
    @Required @Pattern(DnsNames.SUBDOMAIN) String name) {
  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
