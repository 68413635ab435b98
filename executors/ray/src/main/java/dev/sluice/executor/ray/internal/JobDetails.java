package dev.sluice.executor.ray.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The fields of Ray's {@code JobDetails} the executor reads; all others are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
record JobDetails(
    @JsonProperty("submission_id") String submissionId,
    @JsonProperty("status") String status,
    @JsonProperty("message") String message,
    @JsonProperty("error_type") String errorType,
    @JsonProperty("driver_exit_code") Integer driverExitCode) {}
