/**
 * A `--hosts` run stopped midway by SIGINT (Ctrl-C) or SIGTERM leaves nothing in the kernel: no
 * namespace in `ip netns list`, no link in `ip link`, no table in `nft list tables`, no replica
 * process. Runs the built command, as a user would.
 */
import {
  type ExecFileSyncOptionsWithStringEncoding,
  execFileSync,
  spawn,
} from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  eventually,
  hostsSuiteTitle,
  hostTools,
  requiredHostTools,
} from "./namespaceProbes.testkit.js";

const chaosBin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

// A namespace deleted while `ip link` lists its veth makes it complain on stderr; that is no failure.
const quiet: ExecFileSyncOptionsWithStringEncoding = {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "ignore"],
};

/** The names in the kernel's own listings that belong to the run of process `pid`. */
function kernelObjectsOf(pid: number): string[] {
  const { ip, nft } = requiredHostTools();
  const listings = [
    execFileSync(ip, ["netns", "list"], quiet),
    execFileSync(ip, ["-o", "link"], quiet),
    execFileSync(nft, ["list", "tables"], quiet),
  ].join("\n");
  // `ip link` names a veth's namespace too, so a name can appear twice.
  return [...new Set(listings.match(new RegExp(`ckv${pid}(?:br|[nvp]\\d+)?\\b`, "g")))].sort();
}

/** The processes running in a namespace (the replica started there, restarts aside). */
function processesIn(namespace: string): number[] {
  const text = execFileSync(requiredHostTools().ip, ["netns", "pids", namespace], quiet);
  return text
    .split(/\s+/)
    .filter((id) => /^\d+$/.test(id))
    .map(Number);
}

/** Whether a process runs; a killed one waiting to be reaped (a zombie, state Z) does not. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

describe.skipIf(!hostTools)(hostsSuiteTitle("chaos --hosts interrupted"), () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "removes every namespace, link and nft table it made when stopped by %s",
    async (signal) => {
      expect(existsSync(chaosBin), `build the chaos command first: ${chaosBin}`).toBe(true);
      const child = spawn(
        process.execPath,
        [chaosBin, "--hosts", "--seconds", "60", "--replicas", "3", "--seed", "77"],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      const pid = child.pid ?? 0;
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      try {
        // Mid-run: all three namespaces exist and the table has been made.
        const started = await eventually(async () => {
          const made = kernelObjectsOf(pid);
          return (
            made.filter((name) => /n\d+$/.test(name)).length === 3 && made.includes(`ckv${pid}`)
          );
        }, 30_000);
        expect(started, output).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 5000));
        const replicas = [1, 2, 3].flatMap((host) => processesIn(`ckv${pid}n${host}`));
        expect(replicas.length, output).toBeGreaterThan(0);
        child.kill(signal);
        expect(await exited, output).toBe(signal === "SIGINT" ? 130 : 143);
        expect(kernelObjectsOf(pid), output).toEqual([]);
        // SIGKILL takes effect at once, but a process stuck in a disk write may take a moment to end.
        await eventually(async () => replicas.filter(running).length === 0, 5000);
        expect(replicas.filter(running), output).toEqual([]);
      } finally {
        child.kill("SIGKILL");
      }
    },
    60_000,
  );
});
