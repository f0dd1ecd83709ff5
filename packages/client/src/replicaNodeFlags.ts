/**
 * The Node flags every replica runs with, wherever it is started: by ReplicaProcess (tests, the
 * soak), scripts/lab.mjs (`npm start`), the chaos run's network hosts and the benchmarks, all
 * through `replicaArgs`, and by the image (Dockerfile.node's CMD) and the Kubernetes StatefulSet,
 * which say the same flags in their own files (deployment's tests check that they agree).
 *
 * A semi-space of at most 16 MiB. Node 22 and later size the young generation from the heap limit,
 * up to 32 MiB a semi-space on a machine with 4 GiB of heap, where Node 20 stopped at 16. A replica
 * taking a burst of large writes keeps that much more of them young and uncollected: with 32, one
 * flooded by a viewer that never reads peaked at 237-272 MiB on Node 26 (retention.test.ts), with
 * 16 at 213-225, and the speed bench's writes were as fast or faster (1.06x at 32 connections,
 * 1.09x at 100).
 */
export const replicaNodeFlags: readonly string[] = ["--max-semi-space-size=16"];
