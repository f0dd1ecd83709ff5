/**
 * What a scenario run tells whoever watches it, step by step. Every callback is optional: a run
 * with no observer still carries out every step and returns its verdict.
 */
import type { ClientExchange } from "./clientExchange.js";
import type { ScenarioStep } from "./scenario.js";
import type { VerdictLine } from "./verdict.js";

/** An `ask` step as this run's delivery mode words it. */
export interface AskedQuestion {
  readonly step: number;
  readonly text: string;
  readonly choices: readonly string[];
  readonly answer: string;
  readonly explanation: string;
}

export interface ScenarioObserver {
  onStep?(index: number, step: ScenarioStep): void;
  onSay?(text: string): void;
  /**
   * A question: the run goes on once this resolves (the teacher's Next, a terminal's answer).
   * Without it a run asks nothing and goes on.
   */
  onAsk?(question: AskedQuestion, signal?: AbortSignal): Promise<void>;
  /** A check judged during the run. */
  onCheck?(line: VerdictLine): void;
  /** A named client's request as it is sent, and again once it is answered. */
  onClient?(exchange: ClientExchange): void;
}
