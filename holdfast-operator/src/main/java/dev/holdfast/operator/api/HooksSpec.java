package dev.holdfast.operator.api;

import java.util.List;

/**
 * Commands that make the application's data consistent on disk: {@code pre} run in order before the
 * volume is read, {@code post} in order after it was read (also when the backup failed).
 *
 * @param pre run before the backup
 * @param post run after the backup
 */
public record HooksSpec(List<HookSpec> pre, List<HookSpec> post) {}
