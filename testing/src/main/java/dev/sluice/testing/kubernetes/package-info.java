/**
 * A Kubernetes stand-in for tests: fabric8's mock API server in CRUD mode, plus a job simulator
 * that plays the Job controller and the kubelet — it runs each Job's container command as a local
 * process and writes pod and Job status as Kubernetes does. Needs {@code
 * io.fabric8:kubernetes-server-mock} on the test class path.
 */
package dev.sluice.testing.kubernetes;
