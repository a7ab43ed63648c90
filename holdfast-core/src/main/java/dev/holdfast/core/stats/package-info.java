/** Figures about a repository: sizes before and after deduplication and compression. */
package dev.holdfast.core.stats;
