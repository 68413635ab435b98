/** Opening artifact stores: the built-in in-memory and filesystem stores. */
package dev.sluice.core.store;
