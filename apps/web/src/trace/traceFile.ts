/**
 * A trace as a JSON file: written as the protocol's trace shape, and read back only when it parses
 * with the protocol's schema and each journal is consistent; otherwise every problem, in words.
 */
import type { Trace } from "@causal-kv/checker";
import { traceSchema } from "@causal-kv/protocol";

export type TraceImport =
  | { readonly ok: true; readonly trace: Trace; readonly events: number }
  | { readonly ok: false; readonly problems: readonly string[] };

const shownProblems = 6;

export function traceToJson(trace: Trace): string {
  return JSON.stringify({ replicas: trace.replicas, journals: trace.journals });
}

export function parseTraceFile(text: string): TraceImport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [`the file is not JSON: ${reason}`] };
  }
  const parsed = traceSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: summarize(
        parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
      ),
    };
  }
  const trace = parsed.data;
  const problems: string[] = [];
  for (const replica of Object.keys(trace.journals))
    if (!trace.replicas.includes(replica))
      problems.push(`journals.${replica}: ${replica} is not in the replicas list`);
  let events = 0;
  for (const replica of trace.replicas) {
    let lastSeq = 0;
    (trace.journals[replica] ?? []).forEach((event, i) => {
      events++;
      const at = `journals.${replica}[${i}]`;
      if (event.replica !== replica)
        problems.push(`${at}: the event is ${event.replica}'s, in ${replica}'s journal`);
      if (event.seq <= lastSeq) problems.push(`${at}: seq ${event.seq} does not follow ${lastSeq}`);
      lastSeq = event.seq;
    });
  }
  if (problems.length > 0) return { ok: false, problems: summarize(problems) };
  return { ok: true, trace, events };
}

function summarize(problems: readonly string[]): string[] {
  if (problems.length <= shownProblems) return [...problems];
  return [
    ...problems.slice(0, shownProblems),
    `and ${problems.length - shownProblems} more problems`,
  ];
}

/** `["journals", "node1", 3, "clock"]` → `journals.node1[3].clock`. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "the file";
  return path
    .map((part, i) =>
      typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}
