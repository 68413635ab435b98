/**
 * The trigger service: schedules, condition evaluation, guarded source calls, state and history
 * in the store. No compatibility promise: use {@code dev.sluice.core.trigger} and {@code
 * dev.sluice.core.launch}.
 */
package dev.sluice.core.internal.trigger;
