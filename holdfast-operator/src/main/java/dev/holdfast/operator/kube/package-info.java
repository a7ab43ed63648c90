/** Small helpers over the Kubernetes API shared by every reconciler: conditions, Secrets, times. */
package dev.holdfast.operator.kube;
