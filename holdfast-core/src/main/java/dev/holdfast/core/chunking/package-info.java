/**
 * Content-defined chunking: splits file contents into chunks at boundaries chosen by the content
 * (keyed FastCDC), so that an edit changes only the chunks around it and the rest deduplicates.
 */
package dev.holdfast.core.chunking;
