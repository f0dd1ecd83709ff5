/**
 * The client checker on what the named clients saw, live: their requests folded into a history,
 * every other write of the trace added as a client of its own, each violation tied to the request
 * where it showed (a scenario's or the write form's).
 */
import { type ClientViolation, checkClientHistory } from "@causal-kv/checker";
import { writeId } from "@causal-kv/core";
import { type ClientExchange, historyOfExchanges, withJournalWrites } from "@causal-kv/scenarios";
import { useDeferredValue, useMemo } from "react";
import { useLab } from "./labStore";
import { useDeferredTrace } from "./useTraceAnalysis";

export interface ClientVerdict {
  /** Answered requests judged. */
  readonly requests: number;
  readonly violations: readonly { violation: ClientViolation; exchange?: ClientExchange }[];
}

export function useClientVerdict(): ClientVerdict {
  const exchanges = useDeferredValue(useLab((lab) => lab.exchanges));
  const imported = useLab((lab) => lab.imported);
  const trace = useDeferredTrace();
  return useMemo(() => {
    if (imported || exchanges.length === 0) return { requests: 0, violations: [] };
    // A read is judged once the journals show every write it returned: the answer can come
    // before the stream brings the write, and that is no value from thin air.
    const known = new Set<string>();
    for (const replica of trace.replicas) {
      for (const event of trace.journals[replica] ?? []) {
        if (event.type === "write") known.add(writeId(event.message));
      }
    }
    const judged = exchanges.filter(
      ({ answer }) => !answer?.read?.some((sibling) => !known.has(writeId(sibling))),
    );
    const { history, exchangeOf } = historyOfExchanges(judged);
    const violations = checkClientHistory(withJournalWrites(history, trace)).map((violation) => {
      const at = violation.operations[0];
      return { violation, exchange: at && exchangeOf.get(`${at.session}:${at.index}`) };
    });
    const requests = Object.values(history).reduce((sum, ops) => sum + ops.length, 0);
    return { requests, violations };
  }, [exchanges, trace, imported]);
}
