package dev.sluice.core.model;

/**
 * What a workflow's on-failure task receives when a run fails: which run, which node failed first
 * and why.
 */
public record RunFailure(
    String runId, String workflowName, String nodePath, String errorType, String message) {}
