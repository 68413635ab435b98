/** The job simulator's implementation. No compatibility promise: anything here may change. */
package dev.sluice.testing.kubernetes.internal;
