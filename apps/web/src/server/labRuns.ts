/**
 * The lab's one scenario run, owned by the server so every viewer sees the same: its narration,
 * step, checks, question and verdict, and the pace the teacher sets. One run at a time: starting
 * another while one runs is refused with what is running. Pausing, an open question and the
 * step-messages mode freeze the links (LinkFreezer); every change is published whole.
 */
import type { DeliveryMode } from "@causal-kv/core";
import type {
  CommandReply,
  LabRun,
  LabState,
  RunAnswer,
  RunSpeed,
  StartRun,
} from "@causal-kv/protocol";
import {
  type AskedQuestion,
  type ClientExchange,
  type Cluster,
  RunPacer,
  runScenario,
  type Scenario,
  ScenarioTimeout,
  scenarioFromFile,
  scenarios,
} from "@causal-kv/scenarios";
import { LinkFreezer } from "./linkFreezer.ts";

const ok: CommandReply = { ok: true };
const refuse = (code: string, message: string): CommandReply => ({ ok: false, code, message });

interface OpenQuestion extends AskedQuestion {
  readonly answers: Map<string, string>;
  open: boolean;
}

export class LabRuns {
  private run: LabRun | undefined;
  private runs = 0;
  private exchanges: ClientExchange[] = [];
  private question: OpenQuestion | undefined;
  private stepMessages = false;
  private questions = false;
  private abort: AbortController | undefined;
  private readonly pacer = new RunPacer(() => this.paceChanged());
  private readonly freezer: LinkFreezer;
  private readonly listeners = new Set<(state: LabState) => void>();

  constructor(private readonly cluster: Cluster) {
    this.freezer = new LinkFreezer(cluster);
  }

  /** Called with the whole state after every change. */
  onChange(listener: (state: LabState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A reset by hand starts the cluster over: the last run's result was about the state it
   * discards, so it goes too (a viewer opening the lab then sees no stale "done").
   */
  forgetFinished(): void {
    if (this.run === undefined || this.run.phase === "running") return;
    this.run = undefined;
    this.publish();
  }

  get running(): boolean {
    return this.run?.phase === "running";
  }

  /** Why a change by hand is refused now, if it is. */
  busy(): string | undefined {
    const run = this.run;
    if (run?.phase !== "running") return undefined;
    return `${run.scenario.title} is running, step ${Math.max(run.step, 1)} of ${run.steps}: stop it first`;
  }

  state(): LabState {
    const question = this.question;
    return {
      ...(this.run
        ? {
            run: {
              ...this.run,
              ...(question ? { question: this.questionView(question) } : {}),
            },
          }
        : {}),
      paused: this.pacer.paused,
      speed: this.pacer.speed,
      stepMessages: this.stepMessages,
      questions: this.questions,
      exchanges: this.exchanges,
    };
  }

  /** The choice a viewer made for the open question, if it answered. */
  answerOf(viewer: string): string | undefined {
    return this.question?.open ? this.question.answers.get(viewer) : undefined;
  }

  start(request: StartRun): CommandReply {
    const busy = this.busy();
    if (busy) return refuse("run-in-progress", busy);
    const { delivery } = request;
    const scenario = request.file
      ? scenarioFromFile(request.file)
      : scenarios.find((candidate) => candidate.id === request.scenario);
    if (!scenario) return refuse("unknown-scenario", `there is no scenario "${request.scenario}"`);
    const abort = new AbortController();
    this.abort = abort;
    this.question = undefined;
    this.exchanges = [];
    this.run = {
      number: ++this.runs,
      scenario: {
        id: scenario.id,
        title: scenario.title,
        summary: scenario.summary,
        ...(request.file ? { fromFile: true } : {}),
      },
      delivery,
      phase: "running",
      step: 0,
      steps: scenario.steps.length,
      // A naive run opens with the runner's naive notice, not the causal lesson's summary.
      narration: delivery === "naive" ? [] : [scenario.summary],
      verdict: [],
    };
    this.publish();
    void this.carryOut(scenario, delivery, abort);
    return ok;
  }

  stop(): CommandReply {
    if (!this.running) return refuse("no-run", "no scenario is running");
    this.abort?.abort(new Error("stopped"));
    return ok;
  }

  pause(): CommandReply {
    this.pacer.pause();
    return ok;
  }

  resume(): CommandReply {
    this.pacer.resume();
    return ok;
  }

  next(): CommandReply {
    if (!this.running) return refuse("no-run", "no scenario is running: Next steps a run");
    this.pacer.next();
    return ok;
  }

  speed(speed: RunSpeed): CommandReply {
    this.pacer.setSpeed(speed);
    return ok;
  }

  setStepMessages(on: boolean): CommandReply {
    this.stepMessages = on;
    this.syncLinks();
    this.publish();
    return ok;
  }

  /** Predict on or off: off, a run goes past its questions without stopping. */
  setQuestions(on: boolean): CommandReply {
    this.questions = on;
    this.publish();
    return ok;
  }

  answer(viewer: string, { step, choice }: RunAnswer): CommandReply {
    const question = this.question;
    if (!question?.open || question.step !== step)
      return refuse("question-closed", "that question is no longer open");
    if (!question.choices.includes(choice))
      return refuse("unknown-choice", `"${choice}" is not one of the choices`);
    question.answers.set(viewer, choice);
    this.publish();
    return ok;
  }

  private async carryOut(scenario: Scenario, delivery: DeliveryMode, abort: AbortController) {
    const update = (change: Partial<LabRun>) => {
      if (this.abort !== abort || !this.run) return;
      this.run = { ...this.run, ...change };
      this.publish();
    };
    try {
      const result = await runScenario(
        scenario,
        this.cluster,
        {
          onStep: (index) => update({ step: index + 1 }),
          onSay: (text) => update({ narration: [...(this.run?.narration ?? []), text] }),
          onCheck: (line) => update({ verdict: [...(this.run?.verdict ?? []), line] }),
          onClient: (exchange) => this.recordExchange(exchange, abort),
          onAsk: (question, signal) => this.ask(question, signal),
        },
        {
          signal: abort.signal,
          delivery,
          pacer: this.pacer,
          setLink: (from, to, link) => this.freezer.setLink(from, to, link),
          prepared: () => this.freezer.refreeze(),
        },
      );
      update({ phase: result.ok ? "done" : "failed", verdict: result.verdict });
    } catch (error) {
      const stopped = abort.signal.aborted;
      const text = error instanceof Error ? error.message : String(error);
      const verdict = [...(this.run?.verdict ?? [])];
      // As in the CLI, a step that never came about is the verdict: it did not hold.
      if (error instanceof ScenarioTimeout) verdict.push({ ok: false, text });
      update({ phase: stopped ? "stopped" : "failed", error: stopped ? "stopped" : text, verdict });
    } finally {
      if (this.question) this.question.open = false;
      this.syncLinks();
      this.publish();
    }
  }

  private async ask(asked: AskedQuestion, signal?: AbortSignal): Promise<void> {
    if (!this.questions) return;
    const question: OpenQuestion = { ...asked, answers: new Map(), open: true };
    this.question = question;
    this.syncLinks();
    this.publish();
    try {
      await this.pacer.awaitNext(signal);
    } finally {
      question.open = false;
      this.syncLinks();
      this.publish();
    }
  }

  private questionView(question: OpenQuestion): NonNullable<LabRun["question"]> {
    const tally: Record<string, number> = {};
    for (const choice of question.choices) tally[choice] = 0;
    for (const choice of question.answers.values()) tally[choice] = (tally[choice] ?? 0) + 1;
    return {
      step: question.step,
      text: question.text,
      choices: [...question.choices],
      tally,
      open: question.open,
      ...(question.open ? {} : { answer: question.answer, explanation: question.explanation }),
    };
  }

  private recordExchange(exchange: ClientExchange, abort: AbortController): void {
    if (this.abort !== abort) return;
    const at = this.exchanges.findIndex((known) => known.id === exchange.id);
    this.exchanges =
      at === -1
        ? [...this.exchanges, exchange]
        : this.exchanges.map((known, i) => (i === at ? exchange : known));
    this.publish();
  }

  private paceChanged(): void {
    this.syncLinks();
    this.publish();
  }

  /** Links hold while the run stands still, a question is open, or messages are stepped. */
  private syncLinks(): void {
    const frozen = this.pacer.frozen || this.stepMessages || this.question?.open === true;
    this.freezer.set(frozen).catch(() => undefined);
  }

  private publish(): void {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
  }
}
