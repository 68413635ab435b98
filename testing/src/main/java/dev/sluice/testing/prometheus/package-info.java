/**
 * Real Prometheus and Pushgateway servers for tests: Debian's {@code prometheus} and {@code
 * prometheus-pushgateway} binaries started on free loopback ports with temporary configuration and
 * storage, awaited with deadlines, and stopped on close.
 */
package dev.sluice.testing.prometheus;
