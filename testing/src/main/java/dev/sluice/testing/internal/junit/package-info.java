/**
 * The test environment behind SluiceExtension: options, the engine on owned pools, the recording
 * engine and its run handles, the missing-executor fallback. No compatibility promise: anything
 * here may change in any release; use the public types of {@code dev.sluice.testing} and {@code
 * dev.sluice.testing.mock}.
 */
package dev.sluice.testing.internal.junit;
