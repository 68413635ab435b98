/**
 * File and directory artifacts tasks pass to each other: {@link dev.sluice.core.artifact.FileRef}
 * and {@link dev.sluice.core.artifact.DirRef}. The engine uploads an artifact a task returns once,
 * as content-addressed blobs under {@code blobs/sha256/} in its store; downstream tasks, in this JVM
 * or on a remote executor, get a handle that reads it back lazily.
 */
package dev.sluice.core.artifact;
