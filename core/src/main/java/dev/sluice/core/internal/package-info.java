/**
 * Sluice's implementation. <strong>No compatibility promise</strong>: anything under {@code
 * dev.sluice.core.internal} may change in any release. Use the public packages.
 */
package dev.sluice.core.internal;
