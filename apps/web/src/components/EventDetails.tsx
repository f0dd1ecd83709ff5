"use client";
/** The selected event: what happened, in words, with its vector clock, key and value. */
import { useMemo } from "react";
import { describeEvent, formatClock } from "../lab/describeEvent";
import { useLab } from "../lab/labStore";

export function EventDetails() {
  const selected = useLab((lab) => lab.selected);
  const replicas = useLab((lab) => lab.replicas);
  const event = useMemo(() => {
    if (!selected) return undefined;
    const [replica, seq] = selected.split("#");
    return replicas
      .find((v) => v.endpoint.id === replica)
      ?.events.find((e) => e.seq === Number(seq));
  }, [selected, replicas]);
  if (!event)
    return (
      <p className="event-details hint">
        Hover over an event to see its clock; click it to keep it here.
      </p>
    );
  return (
    <section className="event-details" aria-label="Selected event">
      <strong>{describeEvent(event)}</strong>
      <dl>
        <dt>clock after</dt>
        <dd>
          <code>{formatClock(event.clock)}</code>
        </dd>
        {"message" in event && (
          <>
            <dt>write</dt>
            <dd>
              <code>
                {event.message.key} = {event.message.value ?? "(deleted)"}
              </code>{" "}
              by {event.message.origin} with clock <code>{formatClock(event.message.clock)}</code>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
