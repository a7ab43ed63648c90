/** Selecting entries by glob patterns: what backup leaves out and what restore writes. */
package dev.holdfast.core.select;
