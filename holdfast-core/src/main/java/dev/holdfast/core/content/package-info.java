/** Chunks packed into packs, and the index that finds them. */
package dev.holdfast.core.content;
