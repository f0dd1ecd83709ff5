/**
 * For the `--hosts` tests: whether this machine can run them (the reason is in the suite's title
 * when it cannot), and tiny HTTP servers and clients run inside a run's namespaces.
 */
import { execFile } from "node:child_process";
import { findHostTools, type HostTools } from "./hostTools.js";

const found = findHostTools();

/** The tools, or undefined when the machine lacks root, `ip` or `nft`. */
export const hostTools: HostTools | undefined = "missing" in found ? undefined : found;

/** The tools, inside a suite skipped without them. */
export function requiredHostTools(): HostTools {
  if (!hostTools) throw new Error("missing" in found ? found.missing : "no host tools");
  return hostTools;
}

/** `name`, or `name` with the reason the suite is skipped here. */
export function hostsSuiteTitle(name: string): string {
  return "missing" in found ? `${name} (skipped: ${found.missing})` : name;
}

function inNamespace(tools: HostTools, namespace: string, script: string) {
  return execFile(tools.ip, ["netns", "exec", namespace, process.execPath, "-e", script]);
}

/** An HTTP server answering `ok` on `address:port` inside `namespace`, until killed. */
export function serveInNamespace(
  tools: HostTools,
  namespace: string,
  address: string,
  port: number,
) {
  return inNamespace(
    tools,
    namespace,
    `require("node:http").createServer((_, res) => res.end("ok")).listen(${port}, "${address}")`,
  );
}

/** Whether a GET from inside `namespace` to `url` is answered within `timeoutMs`. */
export function reachableFrom(
  tools: HostTools,
  namespace: string,
  url: string,
  timeoutMs = 1500,
): Promise<boolean> {
  const script = `fetch("${url}", { signal: AbortSignal.timeout(${timeoutMs}) }).then(() => process.exit(0), () => process.exit(1))`;
  return new Promise((resolve) => {
    inNamespace(tools, namespace, script).on("exit", (code) => resolve(code === 0));
  });
}

/** Whether a GET from this (the root) namespace to `url` is answered within `timeoutMs`. */
export async function reachableFromRoot(url: string, timeoutMs = 1500): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).then(
    () => true,
    () => false,
  );
}

/** Polls until `check` holds or `timeoutMs` passes. */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
