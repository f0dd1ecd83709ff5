/**
 * What a `--hosts` run needs from the machine: root, and the `ip`, `tc` and `nft` programs. Either the
 * paths of the tools, or one sentence naming everything that is missing, so the run can refuse
 * before it creates anything.
 */
import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { join } from "node:path";

export interface HostTools {
  readonly ip: string;
  readonly tc: string;
  readonly nft: string;
}

// The usual homes of iproute2 and nftables; PATH is not consulted, so a run as root under sudo's
// trimmed PATH still finds them.
const toolDirectories = [
  "/usr/sbin",
  "/sbin",
  "/usr/local/sbin",
  "/usr/bin",
  "/bin",
  "/usr/local/bin",
];

function findTool(name: string): string | undefined {
  for (const directory of toolDirectories) {
    const path = join(directory, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

/** `uid` is this process's own unless a test asks about another user. */
export function findHostTools(uid = process.getuid?.()): HostTools | { readonly missing: string } {
  const missing: string[] = [];
  if (uid !== 0) {
    missing.push("root privileges (network namespaces and nft rules need them)");
  }
  const ip = findTool("ip");
  const tc = findTool("tc");
  const nft = findTool("nft");
  if (!ip) missing.push("the `ip` program (Debian package iproute2)");
  if (!tc) missing.push("the `tc` program (Debian package iproute2)");
  if (!nft) missing.push("the `nft` program (Debian package nftables)");
  if (!ip || !tc || !nft || missing.length > 0) {
    return { missing: `--hosts cannot run here: it needs ${missing.join(", and ")}` };
  }
  return { ip, tc, nft };
}

/** Runs a tool; fails with the command and what it wrote to stderr. */
export function runTool(tool: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(tool, [...args], (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${tool} ${args.join(" ")} failed: ${stderr.trim() || error.message}`));
      } else {
        resolve(stdout);
      }
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}
