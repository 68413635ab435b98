/**
 * The task cache behind {@link dev.sluice.core.cache.TaskCache} and the engine: keys, entries in the
 * store, and serialized execution of identical calls. No compatibility promise: internal.
 */
package dev.sluice.core.internal.cache;
