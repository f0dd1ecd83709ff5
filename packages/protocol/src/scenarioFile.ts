/**
 * A scenario file, as a teacher writes it: JSON with `"version": 1` beside the catalog's own
 * fields, in the catalog's step language. Every scenario the lab or the CLI runs, built-in or
 * loaded, is parsed here; an error names the step (by index and kind) and the field.
 */
import { z } from "zod";
import { linkUpdateSchema } from "./linkSettings.js";
import { replicaIdSchema } from "./replicaId.js";

export const clientViolationKinds = [
  "thin-air-read",
  "cyclic-causality",
  "read-your-writes",
  "monotonic-reads",
  "monotonic-writes",
  "writes-follow-reads",
  "causal-visibility",
  "stale-sibling",
] as const;

const text = (what: string) => z.string(`${what} must be a string`).min(1, `${what} is empty`);
const label = text("a write's label");
const count = z.int("must be a whole number").positive("must be at least 1");

const sayStep = z.strictObject({
  kind: z.literal("say"),
  text: text("text"),
  naive: z.optional(text("naive")),
});
const linkStep = z.strictObject({
  kind: z.literal("link"),
  from: replicaIdSchema,
  to: replicaIdSchema,
  set: linkUpdateSchema,
  both: z.optional(z.boolean()),
});
const healStep = z.strictObject({ kind: z.literal("heal") });
const putStep = z.strictObject({
  kind: z.literal("put"),
  at: replicaIdSchema,
  key: text("key"),
  value: z.string("value must be a string"),
  label,
});
const clientPutStep = z.strictObject({
  kind: z.literal("client-put"),
  client: text("client"),
  at: replicaIdSchema,
  key: text("key"),
  value: z.string("value must be a string"),
  label,
  session: z.boolean(),
});
const clientGetStep = z.strictObject({
  kind: z.literal("client-get"),
  client: text("client"),
  at: replicaIdSchema,
  key: text("key"),
  session: z.boolean(),
});
const awaitStep = z.strictObject({
  kind: z.literal("await"),
  at: replicaIdSchema,
  has: z.array(label).min(1),
});
const awaitArrivedStep = z.strictObject({
  kind: z.literal("await-arrived"),
  at: replicaIdSchema,
  write: label,
});
const releaseNewestFirstStep = z.strictObject({
  kind: z.literal("release-newest-first"),
  from: replicaIdSchema,
  to: replicaIdSchema,
  count,
});
const heldWrite = { from: replicaIdSchema, to: replicaIdSchema, write: label };
const releaseHeldStep = z.strictObject({ kind: z.literal("release"), ...heldWrite });
const dropStep = z.strictObject({ kind: z.literal("drop"), ...heldWrite });
const pauseStep = z.strictObject({ kind: z.literal("pause"), ms: z.number().min(0).max(600_000) });
const askStep = z
  .strictObject({
    kind: z.literal("ask"),
    question: text("question"),
    choices: z.array(text("a choice")).min(2, "a question needs at least two choices"),
    answer: text("answer"),
    explanation: text("explanation"),
    naive: z.optional(z.strictObject({ answer: text("answer"), explanation: text("explanation") })),
  })
  .check((ctx) => {
    const { choices, answer, naive } = ctx.value;
    if (!choices.includes(answer))
      ctx.issues.push({
        code: "custom",
        input: answer,
        path: ["answer"],
        message: `"${answer}" is not one of the choices`,
      });
    if (naive && !choices.includes(naive.answer))
      ctx.issues.push({
        code: "custom",
        input: naive.answer,
        path: ["naive", "answer"],
        message: `"${naive.answer}" is not one of the choices`,
      });
  });
const crashStep = z.strictObject({ kind: z.literal("crash"), replica: replicaIdSchema });
const awaitUpStep = z.strictObject({ kind: z.literal("await-up"), replica: replicaIdSchema });
const settleStep = z.strictObject({ kind: z.literal("settle") });

export const expectationSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("buffered"),
      at: replicaIdSchema,
      write: label,
      until: label,
    }),
    z.strictObject({ kind: z.literal("siblings"), key: text("key"), count }),
    z.strictObject({ kind: z.literal("restarted"), replica: replicaIdSchema }),
    z.strictObject({ kind: z.literal("concurrent"), writes: z.array(label).min(2) }),
    z.strictObject({ kind: z.literal("depends"), write: label, on: label }),
    z.strictObject({
      kind: z.literal("clients"),
      keys: z.array(text("key")).min(1),
      finds: z.array(z.enum(clientViolationKinds)),
    }),
  ],
  {
    error:
      "an expectation's kind is one of buffered, siblings, restarted, concurrent, depends, clients",
  },
);
const checkStep = z.strictObject({ kind: z.literal("check"), expect: expectationSchema });

const stepSchemas = [
  sayStep,
  linkStep,
  healStep,
  putStep,
  clientPutStep,
  clientGetStep,
  awaitStep,
  awaitArrivedStep,
  releaseNewestFirstStep,
  releaseHeldStep,
  dropStep,
  pauseStep,
  askStep,
  crashStep,
  awaitUpStep,
  settleStep,
  checkStep,
] as const;
export const stepKinds = stepSchemas.map((step) => step.shape.kind.value);

export const scenarioStepSchema = z.discriminatedUnion("kind", stepSchemas, {
  error: `a step's kind is one of ${stepKinds.join(", ")}`,
});

/** The fields of a scenario, without the file's version: what the catalog and the runner read. */
export const scenarioSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "an id is lowercase letters, digits and -"),
  title: text("title"),
  summary: text("summary"),
  replicas: z.int("replicas must be a whole number").min(1).max(9),
  steps: z.array(scenarioStepSchema).min(1, "a scenario needs at least one step"),
});

export const scenarioFileSchema = z
  .strictObject({
    /** For editors: where this file's JSON Schema is. */
    $schema: z.optional(z.string()),
    version: z.literal(1, 'version must be 1 (this lab reads "version": 1)'),
    ...scenarioSchema.shape,
  })
  .check((ctx) => {
    const { replicas, steps } = ctx.value;
    const known = new Set(Array.from({ length: replicas }, (_, i) => `node${i + 1}`));
    const labels = new Set<string>();
    steps.forEach((step, index) => {
      for (const [field, id] of Object.entries(replicasNamed(step)))
        if (!known.has(id))
          ctx.issues.push({
            code: "custom",
            input: id,
            path: ["steps", index, field],
            message: `${id} is not one of this scenario's ${replicas} replicas (node1..node${replicas})`,
          });
      if (step.kind === "put" || step.kind === "client-put") labels.add(step.label);
      for (const [field, name] of Object.entries(labelsNamed(step)))
        if (!labels.has(name))
          ctx.issues.push({
            code: "custom",
            input: name,
            path: ["steps", index, ...field.split(".")],
            message: `no earlier put is labelled "${name}"`,
          });
    });
  });
export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
type Step = z.infer<typeof scenarioStepSchema>;

function replicasNamed(step: Step): Record<string, string> {
  switch (step.kind) {
    case "link":
    case "release-newest-first":
    case "release":
    case "drop":
      return { from: step.from, to: step.to };
    case "put":
    case "client-put":
    case "client-get":
    case "await":
    case "await-arrived":
      return { at: step.at };
    case "crash":
    case "await-up":
      return { replica: step.replica };
    case "check":
      return "at" in step.expect ? { "expect.at": step.expect.at } : {};
    default:
      return {};
  }
}

/** The labels a step refers to, by the field that names them (writes it waits for or checks). */
function labelsNamed(step: Step): Record<string, string> {
  if (step.kind === "await")
    return Object.fromEntries(step.has.map((name, i) => [`has.${i}`, name]));
  if (step.kind === "await-arrived" || step.kind === "release" || step.kind === "drop")
    return { write: step.write };
  if (step.kind !== "check") return {};
  const expect = step.expect;
  if (expect.kind === "buffered")
    return { "expect.write": expect.write, "expect.until": expect.until };
  if (expect.kind === "depends") return { "expect.write": expect.write, "expect.on": expect.on };
  if (expect.kind === "concurrent")
    return Object.fromEntries(expect.writes.map((name, i) => [`expect.writes.${i}`, name]));
  return {};
}

/** Either the scenario or every problem with it, each as "steps[3] (put).at: what is wrong". */
export function readScenarioFile(
  input: unknown,
): { ok: true; file: ScenarioFile } | { ok: false; errors: string[] } {
  const parsed = scenarioFileSchema.safeParse(input);
  if (parsed.success) return { ok: true, file: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((issue) => describeIssue(input, issue)) };
}

function describeIssue(input: unknown, issue: z.core.$ZodIssue): string {
  let where = "";
  let node: unknown = input;
  for (const part of issue.path) {
    node =
      typeof node === "object" && node !== null
        ? (node as Record<PropertyKey, unknown>)[part]
        : undefined;
    if (typeof part === "number") {
      const kind =
        typeof node === "object" && node !== null && "kind" in node ? node.kind : undefined;
      where += `[${part}]${typeof kind === "string" && where === "steps" ? ` (${kind})` : ""}`;
    } else where += where === "" ? String(part) : `.${String(part)}`;
  }
  const field =
    issue.code === "unrecognized_keys"
      ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")}`
      : issue.message;
  return where === "" ? field : `${where}: ${field}`;
}
