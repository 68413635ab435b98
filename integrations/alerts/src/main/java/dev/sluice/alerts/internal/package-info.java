/** Implementation of sluice-alerts; no compatibility promise. */
package dev.sluice.alerts.internal;
