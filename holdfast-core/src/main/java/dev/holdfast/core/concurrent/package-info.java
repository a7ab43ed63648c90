/**
 * What every layer and module shares about running work: the threads Holdfast starts, and how a
 * caller gives a running job up.
 */
package dev.holdfast.core.concurrent;
