/**
 * Where the lab server reaches each replica (REPLICAS_URLS): `node1=http://127.0.0.1:5001,node2=…`.
 */
import type { ReplicaEndpoint } from "@causal-kv/client";
import { compareReplicaIds, isReplicaId } from "@causal-kv/core";

export function parseReplicaEndpoints(text: string): ReplicaEndpoint[] {
  const endpoints: ReplicaEndpoint[] = [];
  for (const part of text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = part.indexOf("=");
    const id = part.slice(0, at);
    const url = part.slice(at + 1);
    if (at <= 0 || !isReplicaId(id))
      throw new Error(`"${part}" is not id=url (for example node1=http://localhost:5001)`);
    if (!URL.canParse(url)) throw new Error(`"${url}" for ${id} is not a URL`);
    if (endpoints.some((e) => e.id === id)) throw new Error(`${id} is listed twice`);
    endpoints.push({ id, url: url.replace(/\/$/, "") });
  }
  if (endpoints.length === 0) throw new Error("no replicas are listed");
  return endpoints.sort((a, b) => compareReplicaIds(a.id, b.id));
}
