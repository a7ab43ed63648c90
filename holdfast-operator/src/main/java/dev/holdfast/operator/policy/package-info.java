/**
 * BackupPolicy resources: which claims they select, the Backups their schedules create, the history
 * kept, retention applied after each backup, and scheduled test restores.
 */
package dev.holdfast.operator.policy;
