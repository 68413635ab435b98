/**
 * How the operations layer does its work: the run index in memory, reading journals into views, the
 * action log. No compatibility promise: anything here may change in any release.
 */
package dev.sluice.console.ops.internal;
