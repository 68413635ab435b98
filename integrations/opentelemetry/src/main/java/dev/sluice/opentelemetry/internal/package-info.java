/** Implementation of sluice-opentelemetry; no compatibility promise. */
package dev.sluice.opentelemetry.internal;
