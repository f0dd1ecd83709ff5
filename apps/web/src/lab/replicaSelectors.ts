/**
 * Narrow views of the replicas for the controls around the lab: each is shallow-equal to the last
 * while what it picks is unchanged, so a busy run's panels moving on (a new replicas array every
 * render) leaves the write form, link table, mode switch and the rest unrendered and unrepainted.
 */
import type { ReplicaEndpoint } from "@causal-kv/client";
import { useShallow } from "zustand/react/shallow";
import { type LabState, type ReplicaView, useLab } from "./labStore";

/** Each replica's endpoint, in order (the same objects while the lab is connected). */
export const endpointsOf = (lab: LabState): ReplicaEndpoint[] =>
  lab.replicas.map((view) => view.endpoint);

/** Each replica's links, in the order of `endpointsOf`. */
export const linksOf = (lab: LabState): ReplicaView["links"][] =>
  lab.replicas.map((view) => view.links);

/** The endpoints of the replicas the lab cannot reach. */
export const unreachableOf = (lab: LabState): ReplicaEndpoint[] =>
  lab.replicas.filter((view) => view.connection === "down").map((view) => view.endpoint);

/** The replicas holding messages on their links. */
export const holdingOf = (lab: LabState): ReplicaView[] =>
  lab.replicas.filter((view) => view.held.length > 0);

export const naiveCountOf = (lab: LabState): number =>
  lab.replicas.filter((view) => view.state.mode === "naive").length;

export function useEndpoints(): readonly ReplicaEndpoint[] {
  return useLab(useShallow(endpointsOf));
}

export function useLinks(): readonly ReplicaView["links"][] {
  return useLab(useShallow(linksOf));
}

export function useUnreachable(): readonly ReplicaEndpoint[] {
  return useLab(useShallow(unreachableOf));
}

export function useHolding(): readonly ReplicaView[] {
  return useLab(useShallow(holdingOf));
}

/** How many replicas deliver naively, of how many. */
export function useNaiveCount(): { naive: number; of: number } {
  const naive = useLab(naiveCountOf);
  const of = useLab((lab) => lab.replicas.length);
  return { naive, of };
}
