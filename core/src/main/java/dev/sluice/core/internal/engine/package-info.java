/**
 * The engine: runs, frames (one DAG execution each), the attempt loop and limiters.
 * <strong>No compatibility promise</strong>.
 */
package dev.sluice.core.internal.engine;
