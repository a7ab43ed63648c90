/** Logging of the {@code holdfast} process: silent for commands, to stderr for services. */
package dev.holdfast.cli.logging;
