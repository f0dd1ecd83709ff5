"use client";
/**
 * The whole lab on one 1280×720 screen: write form, delivery mode and trace files on top; the
 * diagram, its event list and the chosen events, then the replicas; verdict, scenarios, links and
 * held messages at the side. The browser reaches every replica through this page's own origin
 * (`/replicas/<id>`); a watcher (a lab with a key it has not entered) sees every control disabled.
 */
import type { ReplicaId } from "@causal-kv/core";
import { useEffect, useState } from "react";
import { SpaceTimeDiagram } from "../diagram/SpaceTimeDiagram";
import { connectLabRun, useLabRun } from "../lab/labRunStore";
import { useLab } from "../lab/labStore";
import { connectReplicaStreams } from "../lab/replicaStreams";
import { useSessionRuns } from "../lab/useSessionRuns";
import type { LabAccess } from "../server/labAccess";
import type { LabAddresses } from "../server/labAddresses";
import { ConnectionBanner } from "./ConnectionBanner";
import { EventDetails } from "./EventDetails";
import { EventList } from "./EventList";
import { FaultControls } from "./FaultControls";
import { HeldMessages } from "./HeldMessages";
import { LabKeyForm } from "./LabKeyForm";
import { ModeSwitch } from "./ModeSwitch";
import { ReplayScrubber } from "./ReplayScrubber";
import { ReplicaPanels } from "./ReplicaPanels";
import { RunsCompared } from "./RunsCompared";
import { ScenarioBar } from "./ScenarioBar";
import { ShareControl } from "./ShareControl";
import { ImportedBanner, TraceFiles } from "./TraceFiles";
import { VerdictPanel } from "./VerdictPanel";
import { WriteForm } from "./WriteForm";

export interface LabProps {
  readonly replicaIds: readonly ReplicaId[];
  readonly access: LabAccess;
  readonly addresses: LabAddresses;
  /** Events per replica kept in full detail (LAB_WINDOW_EVENTS); the page's default if unset. */
  readonly windowEvents?: number;
}

export function Lab({ replicaIds, access: initialAccess, addresses, windowEvents }: LabProps) {
  const key = replicaIds.join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: reconnect only when the list changes
  useEffect(
    () =>
      connectReplicaStreams(
        replicaIds.map((id) => ({ id, url: `${window.location.origin}/replicas/${id}` })),
        windowEvents,
      ),
    [key],
  );
  const imported = useLab((lab) => lab.imported);
  const [access, setAccess] = useState(initialAccess);
  const watching = access.role !== "controller";
  // Again when the lab key changed this browser's role: the server reads it when it connects.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reconnect when the role changes
  useEffect(() => connectLabRun(), [access.role]);
  const running = useLabRun((view) => view.state?.run?.phase === "running");
  useSessionRuns();

  return (
    <main className="lab">
      <header className="lab-header">
        <h1>causal-kv lab</h1>
        <fieldset className="controls" disabled={watching}>
          <WriteForm />
          <ModeSwitch />
        </fieldset>
        <TraceFiles />
        <div className="lab-header-end">
          <LabKeyForm access={access} onChange={setAccess} />
          <ShareControl addresses={addresses} />
        </div>
      </header>
      <ConnectionBanner />
      <ImportedBanner />
      <div className="lab-body">
        <div className="lab-main">
          <SpaceTimeDiagram />
          <ReplayScrubber />
          <div className="event-row">
            <EventList />
            <EventDetails />
          </div>
          <ReplicaPanels />
          <RunsCompared watching={watching} />
        </div>
        <aside className="lab-side">
          <VerdictPanel />
          {!imported && (
            <>
              <ScenarioBar watching={watching} />
              <fieldset className="controls" disabled={watching}>
                {running ? (
                  <p className="run-owns-links">
                    The run sets the links while it runs: Stop it to change them by hand.
                  </p>
                ) : (
                  <FaultControls />
                )}
                <HeldMessages />
              </fieldset>
            </>
          )}
        </aside>
      </div>
    </main>
  );
}
