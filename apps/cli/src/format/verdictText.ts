/** A scenario's verdict lines, marked as the dashboard marks them: ✔ held, ✘ did not. */
import type { VerdictLine } from "@causal-kv/scenarios";

export function verdictText(line: VerdictLine): string {
  return `${line.ok ? "✔" : "✘"} ${line.text}`;
}
