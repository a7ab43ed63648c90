/**
 * Repository locks: who is using a repository right now, kept alive by a heartbeat, so that prune
 * can wait for every backup that might still rely on data it condemns (docs/DESIGN.md, "Locks").
 */
package dev.holdfast.core.lock;
