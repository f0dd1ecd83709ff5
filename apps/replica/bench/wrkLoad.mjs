// Load with wrk (keep-alive, closed loop): small JSON writes to one of 1,000 keys, either causal-kv's
// `PUT /kv/<key>` (which the bare node:http server answers too) or etcd's `POST /v3/kv/put`. A Lua
// `done` hook prints the totals and latency percentiles as one JSON line, which is what we read.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function findWrk() {
  const found = spawnSync("sh", ["-c", "command -v wrk"], { encoding: "utf8" });
  return found.status === 0 && found.stdout.trim() !== "" ? found.stdout.trim() : undefined;
}

export const wrkMissing = "wrk is not installed: `apt-get install wrk` (Debian)";

const keys = 1000;
const value = "x".repeat(100);
const base64 = (text) => Buffer.from(text).toString("base64");

const luaString = (text) => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** The Lua script for `api`: "kv" (causal-kv and the bare server) or "etcd". */
function script(api) {
  const bodies =
    api === "etcd"
      ? Array.from({ length: keys }, (_, k) =>
          JSON.stringify({ key: base64(`k${k}`), value: base64(value) }),
        )
      : [JSON.stringify({ value })];
  const path = api === "etcd" ? '"/v3/kv/put"' : '"/kv/k" .. n';
  const method = api === "etcd" ? '"POST"' : '"PUT"';
  return `
local bodies = { ${bodies.map(luaString).join(", ")} }
local headers = { ["Content-Type"] = "application/json" }
local counter = 0
request = function()
  counter = counter + 1
  local n = counter % ${keys}
  return wrk.format(${method}, ${path}, headers, bodies[(n % #bodies) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"durationUs":%d,"socketErrors":%d,"non2xx":%d,"p50Us":%d,"p99Us":%d,"meanUs":%.1f}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
`;
}

/**
 * Runs wrk against `url` for `seconds` with `connections`; resolves with requests per second,
 * latency percentiles in milliseconds and the errors it saw.
 */
export async function wrkPut({ wrk, url, api, connections, seconds, threads = 2 }) {
  const dir = mkdtempSync(join(tmpdir(), "causal-kv-wrk-"));
  const scriptFile = join(dir, "put.lua");
  writeFileSync(scriptFile, script(api));
  try {
    const output = await new Promise((resolve, reject) => {
      const child = spawn(
        wrk,
        [
          `-t${Math.min(threads, connections)}`,
          `-c${connections}`,
          `-d${seconds}s`,
          "--timeout=10s",
          "-s",
          scriptFile,
          url,
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      let text = "";
      child.stdout.on("data", (chunk) => {
        text += chunk;
      });
      child.stderr.on("data", (chunk) => {
        text += chunk;
      });
      child.on("error", reject);
      child.on("exit", (code) =>
        code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`)),
      );
    });
    const line = output.split("\n").find((l) => l.startsWith("WRK_JSON "));
    if (!line) throw new Error(`wrk printed no summary: ${output}`);
    const summary = JSON.parse(line.slice("WRK_JSON ".length));
    return {
      requests: summary.requests,
      requestsPerSecond: summary.requests / (summary.durationUs / 1e6),
      p50Ms: summary.p50Us / 1000,
      p99Ms: summary.p99Us / 1000,
      meanMs: summary.meanUs / 1000,
      errors: summary.socketErrors + summary.non2xx,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
