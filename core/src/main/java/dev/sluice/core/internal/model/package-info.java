/**
 * The compiled form of a workflow spec (validation, index arrays for the engine, rendering).
 * <strong>No compatibility promise</strong>.
 */
package dev.sluice.core.internal.model;
