/**
 * Task mocks for workflow tests: replace a task's body for one test ({@link
 * dev.sluice.testing.mock.TaskMocks}), answer with values, failures or functions of the inputs,
 * and read back what each call received. Mocks act through the engine's {@link
 * dev.sluice.core.spi.TaskInterceptor} chain, so retries, timeouts and limits still apply.
 */
package dev.sluice.testing.mock;
