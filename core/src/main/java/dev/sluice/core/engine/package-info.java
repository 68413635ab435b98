/**
 * Running workflows: the {@link dev.sluice.core.engine.Engine}, the {@link
 * dev.sluice.core.engine.RunHandle} it returns, run and node statuses, and events.
 */
package dev.sluice.core.engine;
