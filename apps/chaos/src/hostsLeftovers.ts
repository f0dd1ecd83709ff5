/**
 * Removes what `--hosts` runs that are gone (killed with -9, say) left in the kernel: network
 * namespaces (and the replicas still running in them), links and nft tables named `ckv<pid>…`
 * whose process no longer exists. A live run's objects, and anything not named by a run, are
 * never touched.
 */
import { execFileSync } from "node:child_process";
import { ownerOf } from "./hostsRunNames.js";
import type { HostTools } from "./hostTools.js";

export interface Leftovers {
  readonly tables: readonly string[];
  readonly links: readonly string[];
  readonly namespaces: readonly string[];
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function listJson(tool: string, args: readonly string[]): unknown {
  const text = execFileSync(tool, [...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim();
  return text === "" ? [] : JSON.parse(text);
}

function namesIn(list: unknown, field: string): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: Record<string, unknown>) => {
    const name = entry[field];
    return typeof name === "string" ? [name] : [];
  });
}

function processesIn(tools: HostTools, namespace: string): number[] {
  try {
    const text = execFileSync(tools.ip, ["netns", "pids", namespace], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return text
      .split(/\s+/)
      .filter((pid) => /^\d+$/.test(pid))
      .map(Number);
  } catch {
    return [];
  }
}

/** Every `ckv<pid>` object in the kernel, whoever owns it. */
export function listRunObjects(tools: HostTools): Leftovers {
  const tables = listJson(tools.nft, ["-j", "list", "tables"]) as { nftables?: unknown };
  const bridgeTables = Array.isArray(tables.nftables)
    ? tables.nftables.flatMap((entry: { table?: { family?: string; name?: string } }) =>
        entry.table?.family === "bridge" && entry.table.name ? [entry.table.name] : [],
      )
    : [];
  const mine = (name: string) => ownerOf(name) !== undefined;
  return {
    tables: bridgeTables.filter(mine),
    links: namesIn(listJson(tools.ip, ["-j", "link", "show"]), "ifname").filter(mine),
    namespaces: namesIn(listJson(tools.ip, ["-j", "netns", "list"]), "name").filter(mine),
  };
}

/** Deletes the objects of runs whose process is gone; returns what it deleted. */
export function removeLeftovers(tools: HostTools): Leftovers {
  const found = listRunObjects(tools);
  const orphaned = (name: string) => {
    const owner = ownerOf(name);
    return owner !== undefined && !alive(owner);
  };
  const removed: Leftovers = {
    tables: found.tables.filter(orphaned),
    // Deleting a veth's bridge end deletes the pair; only those ends and bridges are in this list.
    links: found.links.filter(orphaned),
    namespaces: found.namespaces.filter(orphaned),
  };
  const quietly = (tool: string, args: string[]) => {
    try {
      execFileSync(tool, args, { stdio: "ignore" });
    } catch {
      // Gone meanwhile (a veth end goes with its pair).
    }
  };
  for (const table of removed.tables) quietly(tools.nft, ["delete", "table", "bridge", table]);
  for (const link of removed.links) quietly(tools.ip, ["link", "del", link]);
  for (const namespace of removed.namespaces) {
    // A runner killed with -9 could not kill its replicas; they would keep the namespace alive.
    for (const pid of processesIn(tools, namespace)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Ended meanwhile.
      }
    }
    quietly(tools.ip, ["netns", "del", namespace]);
  }
  return removed;
}
