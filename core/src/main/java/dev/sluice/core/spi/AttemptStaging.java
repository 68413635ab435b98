package dev.sluice.core.spi;

import java.net.URI;

/**
 * How a remote executor starts an attempt by reference: the engine writes the attempt's inputs to
 * its {@link ArtifactStore} under {@code runs/<run>/nodes/<node>/<attempt>/}, the remote side (the
 * task runner, or a command task) reads them and writes {@code outputs.json} or {@code error.json}
 * next to them, and the executor reads the result back when the remote attempt ends.
 */
public interface AttemptStaging {

  /** The engine's store; the remote side opens the same store from {@link #storeRoot()}. */
  ArtifactStore store();

  /** The store's root URI, passed to the remote side as {@code SLUICE_STORE_URI}. */
  default URI storeRoot() {
    return store().root();
  }

  /** The attempt's folder key, e.g. {@code runs/r-1/nodes/train/2/}. */
  String prefix();

  /** Writes {@code inputs.json} (idempotent: a second call rewrites the same content); returns its URI. */
  URI writeInputs();

  /** Where the inputs are, whether or not written yet. */
  default URI inputsUri() {
    return store().uri(prefix() + "inputs.json");
  }

  /** Where the remote side writes the output value. */
  default URI outputsUri() {
    return store().uri(prefix() + "outputs.json");
  }

  /** Where the remote side writes a structured error when the task fails. */
  default URI errorUri() {
    return store().uri(prefix() + "error.json");
  }

  /**
   * Reads the attempt's result after the remote side ended: the output decoded to the task's output
   * type. Throws {@link RemoteTaskException} with the remote error if {@code error.json} was written,
   * or if neither file exists (the remote side died before writing either).
   */
  Object readOutputs();
}
