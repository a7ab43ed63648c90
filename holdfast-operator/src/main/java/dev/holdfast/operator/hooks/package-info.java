/**
 * Backup hooks: commands run with {@code pods/exec} in the containers of the pods that mount a
 * claim, in order, each with a timeout and an on-error policy, to make the application's data
 * consistent on disk before it is read and to undo that afterwards.
 */
package dev.holdfast.operator.hooks;
