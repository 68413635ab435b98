/**
 * The operations layer: one place that lists and reads runs, launch plans and triggers and performs
 * actions on them (cancel, resume, recover, launch now). The HTTP API, the web console and the
 * {@code sluice} command are three faces of {@link dev.sluice.console.ops.Operations}, so they never
 * disagree. Every action is journaled with who asked ({@link dev.sluice.console.ops.ActionRecord}).
 */
package dev.sluice.console.ops;
