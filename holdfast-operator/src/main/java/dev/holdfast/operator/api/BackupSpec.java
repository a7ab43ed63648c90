package dev.holdfast.operator.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * What to back up. A Backup made by a policy copies the policy's settings, so a later change to the
 * policy does not change a backup already asked for.
 *
 * @param repository the name of a BackupRepository in this namespace
 * @param claim the PersistentVolumeClaim to back up
 * @param policy the policy that asked for it, if any
 * @param hooks commands around the backup
 * @param consistency {@code auto}, {@code snapshot} or {@code live} (see BackupPolicySpec)
 * @param app the application name for posture
 * @param tags tags for the snapshot
 */
public record BackupSpec(
    @Required @Pattern(DnsNames.SUBDOMAIN) String repository,
    @Required ObjectReference claim,
    String policy,
    HooksSpec hooks,
    @Pattern("^(auto|snapshot|live)$") String consistency,
    String app,
    List<String> tags) {}
