/**
 * Spec snapshot files and their unified diffs. No compatibility promise: anything here may change
 * in any release; use the public types of {@code dev.sluice.testing} and {@code
 * dev.sluice.testing.mock}.
 */
package dev.sluice.testing.internal.snapshot;
