package dev.sluice.executor.ray.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.executor.ray.RayConfig;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every job of one executor shares: the configuration, the dashboard client, the one
 * scheduler that times all polls and retries, the pool for store I/O, the bulkhead, the watch that
 * follows every job, and the live jobs.
 */
record RayShared(
    RayConfig config,
    DashboardClient client,
    ScheduledExecutorService scheduler,
    Executor io,
    JobSlots slots,
    SubmitBodies bodies,
    ObjectMapper json,
    Set<JobRun> active,
    JobWatch watch) {}
