/**
 * The MinIO/S3 store's implementation. <strong>No compatibility promise</strong>: use {@link
 * dev.sluice.storage.minio.MinioStores}.
 */
package dev.sluice.storage.minio.internal;
