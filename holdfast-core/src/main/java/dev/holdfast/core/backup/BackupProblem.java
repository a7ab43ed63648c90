package dev.holdfast.core.backup;

/** A file or folder that could not be backed up, and why; the rest of the backup went on. */
public record BackupProblem(String path, String message) {}
