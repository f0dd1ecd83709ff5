"use client";
/**
 * The whole lab on one 1280×720 screen: write form, delivery mode and trace files on top; the
 * diagram, its event list and the chosen events, then the replicas; verdict, scenarios, links and
 * held messages at the side.
 */
import type { ReplicaEndpoint } from "@causal-kv/client";
import { useEffect } from "react";
import { SpaceTimeDiagram } from "../diagram/SpaceTimeDiagram";
import { useLab } from "../lab/labStore";
import { connectReplicaStreams } from "../lab/replicaStreams";
import { ConnectionBanner } from "./ConnectionBanner";
import { EventDetails } from "./EventDetails";
import { EventList } from "./EventList";
import { FaultControls } from "./FaultControls";
import { HeldMessages } from "./HeldMessages";
import { ModeSwitch } from "./ModeSwitch";
import { ReplayScrubber } from "./ReplayScrubber";
import { ReplicaPanels } from "./ReplicaPanels";
import { ScenarioBar } from "./ScenarioBar";
import { ImportedBanner, TraceFiles } from "./TraceFiles";
import { VerdictPanel } from "./VerdictPanel";
import { WriteForm } from "./WriteForm";

export function Lab({ endpoints }: { endpoints: readonly ReplicaEndpoint[] }) {
  const key = endpoints.map((e) => `${e.id}=${e.url}`).join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: reconnect only when the list changes
  useEffect(() => connectReplicaStreams(endpoints), [key]);
  const imported = useLab((lab) => lab.imported);

  return (
    <main className="lab">
      <header className="lab-header">
        <h1>causal-kv lab</h1>
        <WriteForm />
        <ModeSwitch />
        <TraceFiles />
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
        </div>
        <aside className="lab-side">
          <VerdictPanel />
          {!imported && <ScenarioBar />}
          {!imported && <FaultControls />}
          {!imported && <HeldMessages />}
        </aside>
      </div>
    </main>
  );
}
