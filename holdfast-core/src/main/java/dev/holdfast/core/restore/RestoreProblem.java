package dev.holdfast.core.restore;

/** An entry that restore could not write or verify, by its path in the snapshot, and why. */
public record RestoreProblem(String path, String message) {}
