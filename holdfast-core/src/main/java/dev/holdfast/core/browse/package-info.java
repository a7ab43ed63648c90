/**
 * Read-only views of snapshots for people: listings ({@code ls}) and differences ({@code diff}).
 */
package dev.holdfast.core.browse;
