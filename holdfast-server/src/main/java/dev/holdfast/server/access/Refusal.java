package dev.holdfast.server.access;

/**
 * Why a request is not allowed: who asked, which permission it needs and lacks, and a one-line
 * explanation that names both.
 */
public record Refusal(ClientIdentity identity, Permission missing, String message) {}
