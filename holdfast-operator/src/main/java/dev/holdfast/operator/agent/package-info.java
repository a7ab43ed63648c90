/**
 * The node agent: runs on every node (a DaemonSet), finds the directories where the kubelet mounted
 * the volumes of the pods on its node, and reads or writes them for Backups and Restores assigned
 * to its node.
 */
package dev.holdfast.operator.agent;
