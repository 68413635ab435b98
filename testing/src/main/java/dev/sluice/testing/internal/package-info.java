/**
 * Implementation of sluice-testing. No compatibility promise: anything here may change in any
 * release; use the public types in {@code dev.sluice.testing} and its public subpackages.
 */
package dev.sluice.testing.internal;
