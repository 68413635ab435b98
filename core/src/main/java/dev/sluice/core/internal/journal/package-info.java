/**
 * The built-in run stores: a framed, fsync'd file per run, and a journal of objects in any artifact
 * store; leases, the run index and pruning shared by both. No compatibility promise.
 */
package dev.sluice.core.internal.journal;
