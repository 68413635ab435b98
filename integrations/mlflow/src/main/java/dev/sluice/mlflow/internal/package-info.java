/**
 * The REST plumbing behind {@code sluice-mlflow}: no compatibility promise, may change in any
 * release.
 */
package dev.sluice.mlflow.internal;
