/**
 * Operate runs over HTTP: {@link dev.sluice.console.Console} serves the JSON API (with server-sent
 * events) and the web console, over the operations layer in {@code dev.sluice.console.ops}.
 */
package dev.sluice.console;
