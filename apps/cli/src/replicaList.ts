/**
 * Which replicas the CLI talks to: `node1=http://127.0.0.1:5001,node2=…` (or a path under a
 * reverse proxy, `node1=http://lab/replica1`), from `--replicas` or `CAUSAL_KV_REPLICAS`. Ids
 * follow the protocol's rule and appear once; the default is the cluster `npm start` runs
 * (node1..node3 on ports 5001–5003).
 */
import type { ReplicaEndpoint } from "@causal-kv/client";
import { replicaIdSchema } from "@causal-kv/protocol";
import { z } from "zod";

export const defaultReplicas: readonly ReplicaEndpoint[] = [1, 2, 3].map((n) => ({
  id: `node${n}`,
  url: `http://127.0.0.1:${5000 + n}`,
}));

export const replicaListSchema = z.string().transform((text, ctx): ReplicaEndpoint[] => {
  const endpoints: ReplicaEndpoint[] = [];
  const pairs = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (pairs.length === 0) {
    ctx.addIssue({ code: "custom", message: "the list is empty; give id=url pairs" });
  }
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const id = pair.slice(0, at);
    const url = pair.slice(at + 1).replace(/\/+$/, "");
    if (at <= 0 || !replicaIdSchema.safeParse(id).success) {
      ctx.addIssue({ code: "custom", message: `"${pair}" is not id=url with a valid replica id` });
    } else if (!/^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/.test(url)) {
      ctx.addIssue({
        code: "custom",
        message: `${id}'s address "${url}" is not http://host:port (with a path, if a proxy serves it under one)`,
      });
    } else if (endpoints.some((endpoint) => endpoint.id === id)) {
      ctx.addIssue({ code: "custom", message: `${id} is listed twice` });
    } else {
      endpoints.push({ id, url });
    }
  }
  return endpoints;
});

/** The endpoints, or every problem with the list in one sentence. */
export function parseReplicaList(
  text: string,
): { endpoints: ReplicaEndpoint[] } | { problem: string } {
  const parsed = replicaListSchema.safeParse(text);
  if (parsed.success) return { endpoints: parsed.data };
  return { problem: parsed.error.issues.map((issue) => issue.message).join("; ") };
}
