/** How the client checker names operations: `Bob's write reply=yes at node2`, `Carol's read of post at node3 (→ nothing)`. */
import type { OperationRef } from "./clientHistory.js";

export function describeValue(key: string, value: string): string {
  return `${key}=${value}`;
}

export function describeOperation({ session, operation }: OperationRef): string {
  const at = operation.replica === undefined ? "" : ` at ${operation.replica}`;
  if (operation.type === "write") {
    return `${session}'s write ${describeValue(operation.key, operation.value)}${at}`;
  }
  const returned =
    operation.values.length === 0
      ? "nothing"
      : operation.values.map(({ value }) => value).join(", ");
  return `${session}'s read of ${operation.key}${at} (→ ${returned})`;
}
