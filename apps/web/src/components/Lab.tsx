"use client";
/** The whole lab on one screen: scenarios and write form on top, the diagram, then the replicas. */
import { useEffect } from "react";
import { SpaceTimeDiagram } from "../diagram/SpaceTimeDiagram";
import { useLab } from "../lab/labStore";
import type { ReplicaEndpoint } from "../lab/replicaEndpoints";
import { connectReplicaStreams } from "../lab/replicaStreams";
import { ConnectionBanner } from "./ConnectionBanner";
import { EventDetails } from "./EventDetails";
import { FaultControls } from "./FaultControls";
import { ReplicaPanel } from "./ReplicaPanel";
import { ScenarioBar } from "./ScenarioBar";
import { WriteForm } from "./WriteForm";

export function Lab({ endpoints }: { endpoints: readonly ReplicaEndpoint[] }) {
  const replicas = useLab((lab) => lab.replicas);
  const key = endpoints.map((e) => `${e.id}=${e.url}`).join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: reconnect only when the list changes
  useEffect(() => connectReplicaStreams(endpoints), [key]);

  return (
    <main className="lab">
      <header className="lab-header">
        <h1>causal-kv lab</h1>
        <WriteForm />
      </header>
      <ConnectionBanner />
      <div className="lab-body">
        <div className="lab-main">
          <SpaceTimeDiagram />
          <EventDetails />
          <div className="replica-panels">
            {replicas.map((view) => (
              <ReplicaPanel key={view.endpoint.id} view={view} />
            ))}
          </div>
        </div>
        <aside className="lab-side">
          <ScenarioBar />
          <FaultControls />
        </aside>
      </div>
    </main>
  );
}
