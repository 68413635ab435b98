/** Implementation of sluice-micrometer; no compatibility promise. */
package dev.sluice.micrometer.internal;
