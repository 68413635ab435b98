/**
 * The task cache as users see it: {@link dev.sluice.core.cache.TaskCache} lists and invalidates the
 * entries in a store, each a {@link dev.sluice.core.cache.CacheEntry}. Tasks opt in with a {@link
 * dev.sluice.core.model.CachePolicy}; the engine does the rest.
 */
package dev.sluice.core.cache;
