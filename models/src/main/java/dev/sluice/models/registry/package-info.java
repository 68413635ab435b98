/**
 * The model registry: versions of a model with their lineage, and aliases ({@code champion},
 * {@code challenger}, any name) that point at a version, with the history of every alias move.
 *
 * <p>{@link ModelRegistry} is the SPI (a handful of methods, like the stores); {@link
 * ModelRegistries#on} gives the default, kept in an artifact store (a folder or a bucket, no server),
 * safe for several engines at once. Tasks pass {@link ModelRef}s ({@code models:/qoe@champion})
 * like any input and resolve them with {@link ModelRegistry#resolve}.
 */
package dev.sluice.models.registry;
