/** The store-backed model registry. No compatibility promise: may change in any release. */
package dev.sluice.models.internal.registry;
