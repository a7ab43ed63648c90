package dev.holdfast.operator.api;

/**
 * What one hook did in one pod, as the Backup's status records it. The command itself is not
 * repeated here: its arguments may hold credentials.
 *
 * @param stage {@code pre} or {@code post}
 * @param name the hook's name from the spec
 * @param pod the pod it ran in
 * @param container the container it ran in
 * @param outcome {@code Succeeded}, {@code Failed} (a non-zero exit), {@code TimedOut} or {@code
 *     Error} (it could not be run, e.g. the container is gone)
 * @param exitCode the command's exit code, when it ended with one
 * @param output the last lines of what it wrote to stdout and stderr, at most 512 characters
 */
public record HookResult(
    String stage,
    String name,
    String pod,
    String container,
    String outcome,
    Integer exitCode,
    String output) {}
