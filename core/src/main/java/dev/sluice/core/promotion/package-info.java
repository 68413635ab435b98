/** Deciding whether a newly trained model replaces the one in service: the champion/challenger gate. */
package dev.sluice.core.promotion;
