/**
 * The wire format of task inputs, outputs and errors in an artifact store: what the engine writes
 * for a remote attempt and what the task runner (or a command task) reads and writes back.
 */
package dev.sluice.core.io;
