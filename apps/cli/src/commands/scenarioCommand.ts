/**
 * `scenario <name>` or `scenario --file lesson.json`: runs one of the dashboard's teaching scenarios
 * or a teacher's scenario file (the same schema and the same runner) against the cluster, narrates it, and ends with the same checked verdict lines.
 * Exit 0 when every line holds, 1 when one does not.
 */

import { healthyLink } from "@causal-kv/protocol";
import {
  type ClientExchange,
  runScenario,
  type ScenarioObserver,
  type ScenarioStep,
  ScenarioTimeout,
  scenarios,
} from "@causal-kv/scenarios";
import { CliError, exitCodes, usageError } from "../cliError.js";
import type { Command, CommandContext } from "../command.js";
import { expectPositionals, usageHint } from "../commandArgs.js";
import { clockText } from "../format/clockText.js";
import { linkText } from "../format/linkText.js";
import { textTable } from "../format/textTable.js";
import { valueText } from "../format/valueText.js";
import { verdictText } from "../format/verdictText.js";
import { wrapText } from "../format/wrapText.js";
import { millisecondsOption } from "../numberOption.js";
import { scenarioFromPath } from "../scenarioFileOption.js";

export const scenarioCommand: Command = {
  name: "scenario",
  summary: "run a teaching scenario and check its verdict",
  usage: "causal-kv scenario [<name> | --file <path>] [--naive] [--yes] [--timeout <ms>]",
  help: [
    "Runs a scenario of the dashboard against the cluster: resets it, carries out the steps",
    "while saying what to watch, then checks the outcome with the replicas' own journals",
    "(causal order, nothing lost, converged). Exits 1 if the verdict does not hold.",
    "Without a name, lists the scenarios.",
    "",
    '  --file <path>    run a scenario file instead (JSON, "version": 1, the steps of the',
    "                   built-in scenarios; packages/protocol/schemas/scenario.schema.json)",
    "  --naive          run it with naive delivery (every replica applies writes on arrival,",
    "                   no causal buffer) to see what goes wrong: the verdict names each write",
    "                   applied before its cause. The replicas stay naive afterwards, until a",
    "                   run without --naive (or the dashboard's switch) puts them back",
    "  --yes            print each question (Predict) with its answer and go on, without",
    "                   asking; the same happens when the output is not a terminal or in CI",
    "  --timeout <ms>   how long a step may wait for the cluster (default 20000)",
    "",
    ...scenarios.map((s) => `  ${s.id.padEnd(22)} ${s.summary}`),
    "",
    "example: causal-kv scenario causal-chain",
    "         causal-kv scenario causal-chain --naive",
    "         causal-kv scenario --file lesson.json",
  ],
  options: {
    timeout: { type: "string" },
    naive: { type: "boolean" },
    yes: { type: "boolean" },
    file: { type: "string" },
  },
  async run(context) {
    const file = context.values.file;
    if (typeof file === "string") expectPositionals(scenarioCommand, context.positionals, []);
    else expectPositionals(scenarioCommand, context.positionals, [], ["name"]);
    const name = context.positionals[0];
    if (name === undefined && typeof file !== "string") return listScenarios(context);
    const scenario =
      typeof file === "string"
        ? await scenarioFromPath(file)
        : scenarios.find((candidate) => candidate.id === name);
    if (!scenario) {
      throw usageError(
        `unknown scenario "${name}": the scenarios are ${scenarios.map((s) => s.id).join(", ")}`,
      );
    }
    const timeoutMs =
      typeof context.values.timeout === "string"
        ? millisecondsOption("--timeout", context.values.timeout, usageHint(scenarioCommand))
        : undefined;
    const needed = Array.from({ length: scenario.replicas }, (_, i) => `node${i + 1}`);
    const missing = needed.filter((id) => !context.replicas.ids.includes(id));
    if (missing.length > 0) {
      throw usageError(
        `${scenario.id} needs ${needed.join(", ")}; the replica list lacks ${missing.join(", ")}`,
      );
    }
    const delivery = context.values.naive === true ? "naive" : "causal";
    // Every line that names the run says when it was naive, so output is never read as the lesson.
    const title = delivery === "naive" ? `${scenario.title} (naive delivery)` : scenario.title;
    const { io } = context;
    if (!context.json) io.stdout(`${title}: ${scenario.summary}`);
    const result = await runScenario(
      scenario,
      context.replicas.cluster(),
      context.json ? {} : narrator(context, context.values.yes === true),
      { signal: io.signal, timeoutMs, delivery },
    ).catch((error: unknown) => {
      if (io.signal?.aborted) {
        throw new CliError(
          "interrupted",
          `${scenario.id} stopped midway: links and data are as it left them; causal-kv reset starts afresh`,
          exitCodes.interrupted,
        );
      }
      // As on the dashboard, a step that never came about is the verdict: it did not hold.
      if (error instanceof ScenarioTimeout) {
        return { ok: false, verdict: [{ ok: false, text: error.message }] };
      }
      throw error;
    });
    if (context.json) {
      const { ok, verdict } = result;
      io.stdout(
        JSON.stringify({ scenario: scenario.id, title: scenario.title, delivery, ok, verdict }),
      );
    } else {
      io.stdout("");
      for (const line of result.verdict) io.stdout(verdictText(line));
      io.stdout(result.ok ? `${title}: held` : `${title}: did not hold`);
    }
    return result.ok ? exitCodes.ok : exitCodes.failed;
  },
};

/**
 * Prints the narration and each action as the scenario reaches it, and its questions: asked on a
 * terminal (the run waits for the answer), printed with their answer otherwise, so a script never
 * hangs on one.
 */
function narrator({ io }: CommandContext, yes: boolean): ScenarioObserver {
  const prompt = yes ? undefined : io.prompt;
  return {
    onAsk: async (question, signal) => {
      io.stdout("");
      for (const line of wrapText(`Predict: ${question.text}`)) io.stdout(line);
      for (const [i, choice] of question.choices.entries()) io.stdout(`  ${i + 1}. ${choice}`);
      if (prompt) {
        const chosen = await chooseOn(prompt, question.choices, signal);
        io.stdout(chosen === question.answer ? "  Right." : `  Not quite.`);
      }
      for (const line of wrapText(`Answer: ${question.answer}. ${question.explanation}`))
        io.stdout(line);
    },
    onSay: (text) => {
      io.stdout("");
      for (const line of wrapText(text)) io.stdout(line);
    },
    onStep: (_index, step) => {
      const action = stepText(step);
      if (action) io.stdout(`  → ${action}`);
    },
    onClient: (exchange) => {
      const line = answerText(exchange);
      if (line) io.stdout(`    ← ${line}`);
    },
  };
}

/** Asks until the answer is a choice's number or its text; resolves with the choice. */
async function chooseOn(
  prompt: NonNullable<CommandContext["io"]["prompt"]>,
  choices: readonly string[],
  signal?: AbortSignal,
): Promise<string> {
  for (;;) {
    const typed = (await prompt(`  Your answer (1-${choices.length}): `, signal)).trim();
    const byNumber = choices[Number(typed) - 1];
    if (/^\d+$/.test(typed) && byNumber !== undefined) return byNumber;
    const byText = choices.find((choice) => choice.toLowerCase() === typed.toLowerCase());
    if (byText !== undefined) return byText;
  }
}

function inSession(session: boolean): string {
  return session ? ", in a session" : ", no session";
}

/** A client's answer, once it has one: what a read returned, or that a write was made. */
function answerText({ operation, sentAt, answer }: ClientExchange): string | undefined {
  if (!answer) return undefined;
  const waited =
    answer.at - sentAt >= 300 ? ` after ${((answer.at - sentAt) / 1000).toFixed(1)} s` : "";
  if (answer.error) return `refused: ${answer.error}${waited}`;
  if (operation === "write") {
    return `written${waited}, clock ${clockText(answer.written?.clock ?? {})}`;
  }
  const values = (answer.read ?? []).map((sibling) => valueText(sibling.value, 40));
  return `${values.length === 0 ? "nothing" : values.join(" | ")}${waited}`;
}

function listScenarios(context: CommandContext) {
  if (context.json) {
    const list = scenarios.map(({ id, title, summary, replicas }) => ({
      id,
      title,
      summary,
      replicas,
    }));
    context.io.stdout(JSON.stringify({ scenarios: list }));
  } else {
    const rows = scenarios.map((s) => [s.id, `${s.replicas} replicas`, s.summary]);
    for (const line of textTable(rows)) context.io.stdout(line);
  }
  return exitCodes.ok;
}

/** The step as an action line, or nothing for narration and checks (the verdict covers those). */
function stepText(step: ScenarioStep): string | undefined {
  switch (step.kind) {
    case "link": {
      const arrow = step.both ? "↔" : "→";
      const link = linkText({ ...healthyLink, ...step.set });
      return `link ${step.from} ${arrow} ${step.to}: ${link}`;
    }
    case "heal":
      return "every link healthy again";
    case "put":
      return `${step.at} writes ${step.key} = ${valueText(step.value, 40)}`;
    case "client-put":
      return `${step.client} writes ${step.key} = ${valueText(step.value, 40)} at ${step.at}${inSession(step.session)}`;
    case "client-get":
      return `${step.client} reads ${step.key} at ${step.at}${inSession(step.session)}`;
    case "await":
      return `wait until ${step.at} has ${step.has.join(", ")}`;
    case "await-arrived":
      return `wait until ${step.write} reaches ${step.at}`;
    case "release-newest-first":
      return `release the ${step.count} messages held on ${step.from} → ${step.to}, newest first`;
    case "release":
      return `release ${step.write}, held on ${step.from} → ${step.to}`;
    case "drop":
      return `drop ${step.write}, held on ${step.from} → ${step.to} (it is sent again)`;
    case "pause":
      return `wait ${step.ms} ms`;
    case "crash":
      return `crash ${step.replica} (kill -9); its supervisor restarts it`;
    case "await-up":
      return `wait until ${step.replica} is back`;
    case "settle":
      return "wait until every replica has every write";
    case "say":
    case "check":
    case "ask":
      return undefined;
  }
}
