/** The {@link dev.sluice.core.spi.ArtifactStore} on MinIO or any S3-compatible service. */
package dev.sluice.storage.minio;
