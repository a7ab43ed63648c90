/** Content-defined chunking: FastCDC over a keyed gear hash, so boundaries survive edits. */
package dev.holdfast.core.chunking;
