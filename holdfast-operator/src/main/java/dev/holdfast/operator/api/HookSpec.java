package dev.holdfast.operator.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * One command run in a container of every pod that mounts the claim, as {@code kubectl exec} would
 * run it (no shell unless the command names one).
 *
 * @param name a name for events and status
 * @param container the container to run in; absent means the pod's first container
 * @param command the program and its arguments
 * @param timeout how long the command may run (default 30s)
 * @param onError {@code fail} (default: the backup fails, post hooks still run) or {@code continue}
 */
public record HookSpec(
    @Required @Pattern("^[-._a-zA-Z0-9]{1,63}$") String name,
    String container,
    @Required @Size(min = 1) List<String> command,
    @Pattern(DnsNames.DURATION) String timeout,
    @Pattern("^(fail|continue)$") String onError) {}
