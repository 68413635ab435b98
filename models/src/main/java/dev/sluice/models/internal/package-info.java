/** Implementation of the models module. No compatibility promise: may change in any release. */
package dev.sluice.models.internal;
