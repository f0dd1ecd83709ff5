// The consensus baseline of the speed benchmark: a three-member etcd cluster on loopback (Debian's
// `etcd-server`, 3.4), each member with its own data directory, writes through its JSON gateway
// (`POST /v3/kv/put`). Every member fsyncs its WAL before a write is acknowledged, as a causal-kv
// replica commits before it answers. Torn down by `stop()` (and by killAll on a failure).
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { freePorts, start } from "./benchProcesses.mjs";

/** The etcd binary on PATH, or undefined with how to get it. */
export function findEtcd() {
  const found = spawnSync("sh", ["-c", "command -v etcd"], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path !== "" ? path : undefined;
}

export const etcdMissing =
  "etcd is not installed, so the consensus baseline is left out: `apt-get install etcd-server` (Debian) puts it on PATH";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts three members under `root`; resolves with their client URLs once the cluster has a leader. */
export async function startEtcdCluster(etcd, root) {
  const ports = await freePorts(6);
  const members = [0, 1, 2].map((i) => ({
    name: `etcd${i + 1}`,
    client: `http://127.0.0.1:${ports[i * 2]}`,
    peer: `http://127.0.0.1:${ports[i * 2 + 1]}`,
  }));
  const initialCluster = members.map(({ name, peer }) => `${name}=${peer}`).join(",");
  for (const { name, client, peer } of members) {
    const dataDir = join(root, name);
    mkdirSync(dataDir, { recursive: true });
    start(
      [
        `--name=${name}`,
        `--data-dir=${dataDir}`,
        `--listen-client-urls=${client}`,
        `--advertise-client-urls=${client}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=${initialCluster}`,
        "--initial-cluster-state=new",
        "--initial-cluster-token=causal-kv-bench",
        "--logger=zap",
        "--log-level=error",
      ],
      {},
      { command: etcd },
    );
  }
  const urls = members.map(({ client }) => client);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const healthy = await Promise.all(
      urls.map((url) =>
        fetch(`${url}/health`)
          .then(async (response) => response.ok && (await response.json()).health === "true")
          .catch(() => false),
      ),
    );
    if (healthy.every(Boolean)) return urls;
    await sleep(100);
  }
  throw new Error("the etcd cluster did not become healthy in 30 s");
}
