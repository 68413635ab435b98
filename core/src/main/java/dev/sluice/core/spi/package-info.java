/**
 * Service provider interfaces: small contracts a backend implements. Policy (retries, timeouts,
 * caching, failure handling) stays in the engine, never in a backend.
 */
package dev.sluice.core.spi;
