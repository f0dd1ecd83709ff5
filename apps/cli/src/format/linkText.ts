/** One link's fault settings in words, naming only what differs from a healthy link. */
import type { LinkSettings } from "@causal-kv/protocol";

export function linkText(link: LinkSettings): string {
  const faults: string[] = [];
  if (link.partitioned) faults.push("partitioned");
  if (link.hold) faults.push("holding messages");
  if (link.delayMs > 0) faults.push(`delay ${link.delayMs} ms`);
  if (link.jitterMs > 0) faults.push(`jitter ${link.jitterMs} ms`);
  if (link.dropRate > 0) faults.push(`drops ${Math.round(link.dropRate * 1000) / 10}%`);
  return faults.length === 0 ? "healthy" : faults.join(", ");
}

export function isHealthy(link: LinkSettings): boolean {
  return linkText(link) === "healthy";
}
