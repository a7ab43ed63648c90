/**
 * Prune: removes data that no snapshot needs and repacks sparse packs, safely beside running
 * backups, by condemning packs first and deleting them only once every process that could still
 * rely on them has finished (docs/DESIGN.md, "Prune").
 */
package dev.holdfast.core.prune;
