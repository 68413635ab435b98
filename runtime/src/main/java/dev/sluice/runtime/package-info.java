/**
 * The task runner: the process a Kubernetes pod or a Ray job starts to run one attempt of a JVM
 * task away from the engine. See {@link dev.sluice.runtime.TaskRunner}.
 */
package dev.sluice.runtime;
