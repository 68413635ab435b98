/** A real S3 server (S3Proxy in a child process) for tests of code that talks to MinIO or S3. */
package dev.sluice.testing.s3;
