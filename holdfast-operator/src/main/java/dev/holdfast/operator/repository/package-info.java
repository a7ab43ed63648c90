/**
 * BackupRepository resources: opening (and, when the place is empty, creating) the repository they
 * describe, and reporting whether it is reachable.
 */
package dev.holdfast.operator.repository;
