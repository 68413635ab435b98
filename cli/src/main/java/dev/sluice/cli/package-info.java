/**
 * The {@code sluice} command: runs, run show/logs/watch, cancel/resume/recover, plans, triggers,
 * console and dag, over a run store ({@code --store}, read-only) or a running console ({@code
 * --console}, which can act). Both go through the same operations layer as the HTTP API and the page.
 */
package dev.sluice.cli;
