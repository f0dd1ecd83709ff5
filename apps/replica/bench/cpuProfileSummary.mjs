// Reads V8 CPU profiles (`node --cpu-prof`) and names the frames that cost the most, so the bench
// report says where each process spent its time under load: by self time, and, for functions of
// this repository (apps/, packages/), by inclusive time, the samples with the function anywhere on
// the stack. Self time alone spreads a cost over whatever node internals it ends in (a response's
// socket write shows as `writev`); inclusive time says which of our steps paid for it. V8 samples
// the main thread's stack, so a thread descheduled inside a call counts there too.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

function frameName({ functionName, url, lineNumber }) {
  const where = url.startsWith("file://") ? relative(repoRoot, fileURLToPath(url)) : url;
  return `${functionName || "(anonymous)"} ${where ? `${where}:${lineNumber + 1}` : ""}`.trim();
}

const ownCode = /^(apps|packages)\//;

/** Names by count, the largest `top`, each as a share of `total`. */
function largest(counts, total, top) {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, count]) => ({ frame: name, share: Number((count / total).toFixed(3)) }));
}

/**
 * The `top` frames by self time in one profile, and the `top` functions of this repository by
 * inclusive time, each with its share of all samples.
 */
export function topFrames(profileFile, top = 12) {
  const profile = JSON.parse(readFileSync(profileFile, "utf8"));
  const parents = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node);
  const hits = new Map();
  const inclusive = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const count = node.hitCount ?? 0;
    total += count;
    const name = frameName(node.callFrame);
    hits.set(name, (hits.get(name) ?? 0) + count);
    if (count === 0 || name === "(idle)") continue;
    // Each function once per sample, however often it recurses on the stack.
    const onStack = new Set();
    for (let frame = node; frame !== undefined; frame = parents.get(frame.id)) {
      const own = frameName(frame.callFrame);
      if (ownCode.test(own.split(" ")[1] ?? "")) onStack.add(own);
    }
    for (const own of onStack) inclusive.set(own, (inclusive.get(own) ?? 0) + count);
  }
  const idle = hits.get("(idle)") ?? 0;
  hits.delete("(idle)");
  return {
    samples: total,
    busyShare: total === 0 ? 0 : Number(((total - idle) / total).toFixed(3)),
    frames: largest(hits, total, top),
    ownInclusive: largest(inclusive, total, top),
  };
}
