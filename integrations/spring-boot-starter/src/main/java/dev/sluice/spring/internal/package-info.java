/** The starter's implementation. No compatibility promise: may change in any release. */
package dev.sluice.spring.internal;
