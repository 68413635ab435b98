/**
 * The compiled workflow model: immutable task specs, node kinds, bindings and the validated {@link
 * dev.sluice.core.model.WorkflowSpec} that the DSL builds and the engine runs.
 *
 * <p>Everything here is a value: records, sealed interfaces, or an interface whose implementation is
 * internal. Nothing in this package runs anything.
 */
package dev.sluice.core.model;
