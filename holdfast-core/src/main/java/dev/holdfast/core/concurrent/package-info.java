/** Small helpers for the threads Holdfast starts, usable from every layer and module. */
package dev.holdfast.core.concurrent;
