package dev.sluice.models.drift;

/**
 * One bin of a population stability index: its bounds (numeric) or category, the share of the
 * reference and of the current sample that fell in it, and its term of the sum.
 *
 * @param label {@code (-inf, 1.5]}, {@code (1.5, 3.0]}, … for numeric bins; the category otherwise
 * @param reference the reference sample's share, in [0, 1] (before the floor for empty bins)
 * @param current the current sample's share, in [0, 1] (before the floor for empty bins)
 * @param contribution {@code (c - r) · ln(c / r)} with both shares floored at {@link
 *     PopulationStability#MIN_SHARE}; never negative
 */
public record PsiBin(String label, double reference, double current, double contribution) {}
