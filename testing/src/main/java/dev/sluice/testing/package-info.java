/**
 * Testing Sluice workflows with JUnit 5, and the real-protocol stand-ins Sluice's own tests (and
 * users' tests) run against.
 */
package dev.sluice.testing;
