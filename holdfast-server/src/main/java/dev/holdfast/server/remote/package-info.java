/** The storage backend that keeps a repository's blobs on a Holdfast repository server. */
package dev.holdfast.server.remote;
