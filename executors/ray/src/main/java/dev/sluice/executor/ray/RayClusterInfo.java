package dev.sluice.executor.ray;

import java.net.URI;

/**
 * What {@code GET /api/version} told the executor at start-up.
 *
 * @param address the dashboard's address
 * @param rayVersion e.g. {@code 2.9.3}; decides which request fields are sent
 * @param apiVersion the Jobs API version, e.g. {@code 4}
 */
public record RayClusterInfo(URI address, String rayVersion, String apiVersion) {}
