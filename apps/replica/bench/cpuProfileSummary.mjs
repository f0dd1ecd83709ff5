// Reads V8 CPU profiles (`node --cpu-prof`) and names the frames that cost the most self time, so
// the bench report says where each process spent its CPU under load.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

function frameName({ functionName, url, lineNumber }) {
  const where = url.startsWith("file://") ? relative(repoRoot, fileURLToPath(url)) : url;
  return `${functionName || "(anonymous)"} ${where ? `${where}:${lineNumber + 1}` : ""}`.trim();
}

/** The `top` frames by self time in one profile, each with its share of the samples. */
export function topFrames(profileFile, top = 12) {
  const profile = JSON.parse(readFileSync(profileFile, "utf8"));
  const hits = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const count = node.hitCount ?? 0;
    total += count;
    const name = frameName(node.callFrame);
    hits.set(name, (hits.get(name) ?? 0) + count);
  }
  const idle = hits.get("(idle)") ?? 0;
  return {
    samples: total,
    busyShare: total === 0 ? 0 : Number(((total - idle) / total).toFixed(3)),
    frames: [...hits]
      .filter(([name]) => name !== "(idle)")
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, count]) => ({ frame: name, share: Number((count / total).toFixed(3)) })),
  };
}
