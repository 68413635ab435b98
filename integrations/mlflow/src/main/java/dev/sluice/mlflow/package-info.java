/**
 * MLflow for Sluice: {@link dev.sluice.mlflow.MlflowModelRegistry}, MLflow's model registry as a
 * {@link dev.sluice.models.registry.ModelRegistry}, and {@link dev.sluice.mlflow.MlflowTracking},
 * runs with their parameters and metrics. Both speak MLflow's REST API ({@code /api/2.0/mlflow/})
 * with the JDK's HTTP client, configured by {@link dev.sluice.mlflow.MlflowConfig}.
 */
package dev.sluice.mlflow;
