import { describe, expect, it } from "vitest";
import type { ImportedTrace } from "./labStore";
import type { LabTrace } from "./useLabTrace";
import { deferredTrace } from "./useTraceAnalysis";

const trace = (replica: string): LabTrace => ({ replicas: [replica], journals: { [replica]: [] } });
const imported: ImportedTrace = { name: "run.json", trace: trace("node9"), events: 0 };

describe("deferredTrace", () => {
  it("shows a live update at once, not a render behind", () => {
    const before = trace("node1");
    const after = trace("node1");
    expect(deferredTrace(after, undefined, undefined, after)).toBe(after);
    expect(deferredTrace(after, undefined, undefined, before)).toBe(after);
  });

  it("keeps the live run a render longer when an import was just chosen, then shows the import", () => {
    const live = trace("node1");
    expect(deferredTrace(imported.trace, imported, undefined, live)).toBe(live);
    expect(deferredTrace(imported.trace, imported, imported, live)).toBe(imported.trace);
  });

  it("keeps the import a render longer when the user goes back to live", () => {
    const live = trace("node1");
    expect(deferredTrace(live, undefined, imported, live)).toBe(imported.trace);
  });
});
