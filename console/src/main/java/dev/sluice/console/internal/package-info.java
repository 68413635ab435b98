/**
 * The HTTP side of the console on the JDK's built-in server: routing, JSON, the token check, the
 * event stream and the page's files. No compatibility promise: anything here may change in any
 * release.
 */
package dev.sluice.console.internal;
