/**
 * The run journal: the records a {@link dev.sluice.core.spi.RunStore} keeps for every run (what
 * started it, every node transition, how it ended), the leases that give one engine at a time
 * ownership of a run, and how to query, read and prune runs.
 */
package dev.sluice.core.journal;
