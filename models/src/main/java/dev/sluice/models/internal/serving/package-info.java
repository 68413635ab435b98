/** The local model server's HTTP side. No compatibility promise: may change in any release. */
package dev.sluice.models.internal.serving;
