"use client";
/**
 * The chosen event in words with its clock, its causal past and future counted; with a second
 * event chosen, the two side by side and whether one happened before the other.
 */
import { compareReplicaIds, previewText } from "@causal-kv/core";
import { describeEvent, formatClock } from "../lab/describeEvent";
import { useLab } from "../lab/labStore";
import { clocksOf, layoutOf } from "../lab/traceAnalysis";
import { useDeferredTrace } from "../lab/useTraceAnalysis";
import { causalCone, causalRelation, clockedOf, describeRelation } from "../trace/happensBefore";
import { WhyItWaits } from "./WhyItWaits";

export function EventDetails() {
  // A render behind a new trace: the diagram of a large import draws first.
  const trace = useDeferredTrace();
  const view = layoutOf(trace);
  const { layout, markIndex } = view;
  const selected = useLab((lab) => lab.selected);
  const compared = useLab((lab) => lab.compared);
  const select = useLab((lab) => lab.select);
  const at = (id: string | undefined) => {
    const index = id === undefined ? undefined : markIndex.get(id);
    return index === undefined ? undefined : clocksOf(view)[index];
  };
  const a = at(selected);
  const b = at(compared);
  if (!a)
    return (
      <p className="event-details hint">
        Hover an event, or move through the list, to light up its causal past and future. Click one
        to keep it; click a second to compare the two.
      </p>
    );
  if (!b) {
    const roles = causalCone(clocksOf(view), a);
    const past = roles.filter((r) => r === 1).length;
    const future = roles.filter((r) => r === 2).length;
    const event = a.event;
    return (
      <section className="event-details" aria-label="Selected event">
        <strong>A: {describeEvent(event)}</strong>
        <WhyItWaits event={event} />
        <dl>
          <dt>{event.replica}'s clock after</dt>
          <dd>
            <code>{formatClock(event.clock)}</code>
          </dd>
          {"message" in event && (
            <>
              <dt>write</dt>
              <dd>
                <code>
                  {event.message.key} ={" "}
                  {event.message.value === null ? "(deleted)" : previewText(event.message.value)}
                </code>{" "}
                {event.message.value?.cut && <>({event.message.value.bytes} bytes) </>}
                by {event.message.origin}, message clock{" "}
                <code>{formatClock(event.message.clock)}</code>
              </dd>
            </>
          )}
          <dt>cone</dt>
          <dd>
            {past} events in its causal past, {future} in its future,{" "}
            {layout.marks.length - past - future - 1} concurrent
          </dd>
        </dl>
        <button type="button" className="link-button" onClick={() => select(undefined)}>
          Clear selection
        </button>
      </section>
    );
  }
  const relation = causalRelation(clockedOf(a), clockedOf(b));
  const ids = [...new Set([...Object.keys(a.clock), ...Object.keys(b.clock)])].sort(
    compareReplicaIds,
  );
  return (
    <section className="event-details comparison" aria-label="Comparison">
      <p className={`relation ${relation}`}>
        <strong>{describeRelation(relation, "A", "B")}.</strong>
      </p>
      <table className="clock-compare" aria-label="Event clocks of A and B">
        <caption>event clocks: how many events of each replica each one knows of</caption>
        <thead>
          <tr>
            <th scope="col">event</th>
            {ids.map((id) => (
              <th key={id} scope="col">
                {id}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[
            { label: "A", clocked: a },
            { label: "B", clocked: b },
          ].map(({ label, clocked }) => (
            <tr key={label}>
              <th scope="row" className="event-name" title={describeEvent(clocked.event)}>
                {label}: {describeEvent(clocked.event)}
              </th>
              {ids.map((id) => (
                <td key={id}>{clocked.clock[id] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="replica-clocks">
        Replica clocks after: A <code>{formatClock(a.event.clock)}</code>, B{" "}
        <code>{formatClock(b.event.clock)}</code>
      </p>
      <button type="button" className="link-button" onClick={() => select(undefined)}>
        Clear selection
      </button>
    </section>
  );
}
