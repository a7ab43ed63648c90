/** Files of a repository's local cache on this machine: sealed, never trusted, never fatal. */
package dev.holdfast.core.cache;
