/**
 * The embedded local executor: JVM tasks on a thread pool, command tasks as subprocesses.
 * <strong>No compatibility promise</strong>.
 */
package dev.sluice.core.internal.local;
