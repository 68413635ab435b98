/**
 * Task mocks: the registry and interceptor behind TaskMocks, the mocks of each arity, the attempt
 * a mock answers. No compatibility promise: anything here may change in any release; use the
 * public types of {@code dev.sluice.testing} and {@code dev.sluice.testing.mock}.
 */
package dev.sluice.testing.internal.mock;
