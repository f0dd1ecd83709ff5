/**
 * `status`'s sessions section: each saved session's epoch and the clock it has observed, marked
 * when a reset has voided it or it belongs to another cluster (it is then cleared on its next use).
 */
import { clusterTag } from "@causal-kv/protocol";
import type { SavedSession } from "../sessionStore.js";
import { clockText } from "./clockText.js";
import { textTable } from "./textTable.js";

export interface SessionView {
  readonly name: string;
  /** Undefined for a session that has not talked to a replica yet. */
  readonly epoch?: number;
  readonly observed: Readonly<Record<string, number>>;
  readonly stale: boolean;
  readonly otherCluster: boolean;
}

/** `epoch` is the cluster's (the highest a replica reported), `members` its replica ids. */
export function sessionViews(
  saved: readonly SavedSession[],
  epoch: number | undefined,
  members: readonly string[],
): SessionView[] {
  const tag = clusterTag(members);
  return saved.map(({ name, session }) => {
    const context = session.context;
    return {
      name,
      ...(context ? { epoch: context.epoch } : {}),
      observed: context?.clock ?? {},
      stale: context !== undefined && epoch !== undefined && context.epoch < epoch,
      otherCluster: context !== undefined && context.cluster !== tag,
    };
  });
}

export function sessionRows(views: readonly SessionView[], dir: string | undefined): string[] {
  if (views.length === 0) return [];
  const rows = views.map((view) => [
    view.name,
    view.epoch === undefined ? "new" : `epoch ${view.epoch}`,
    `observed ${clockText(view.observed)}`,
    view.otherCluster
      ? "(of another cluster)"
      : view.stale
        ? "(from before the last reset: cleared on its next use)"
        : "",
  ]);
  return ["", `sessions (kept in ${dir ?? "?"})`, ...textTable(rows, "  ")];
}
