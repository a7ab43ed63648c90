/**
 * The Kubernetes operator and node agent: reconcilers that turn Holdfast's custom resources into
 * backups, restores, posture and certificates, each calling the same jobs the CLI calls.
 */
package dev.holdfast.operator;
