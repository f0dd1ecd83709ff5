"use client";
/**
 * For a chosen arrival that waits (or, under naive delivery, would have): the message's clock
 * beside the receiver's clock of applied writes, the entries that block it highlighted and said
 * in words, and the delivery rule in one line.
 */
import { deliverable, type JournalEvent } from "@causal-kv/core";
import { writeLabel } from "../diagram/writeLabel";
import { waitReason } from "../trace/waitReason";

export function WhyItWaits({ event }: { event: JournalEvent }) {
  if (event.type !== "buffer" && event.type !== "receive") return null;
  const { message, clock, replica } = event;
  if (message.origin === replica || deliverable(message, clock)) return null;
  const reason = waitReason(message, clock);
  const write = writeLabel(message);
  return (
    <section className="why-it-waits" aria-label="Why it waits">
      <strong>
        {event.type === "buffer" ? "Why it waits" : "Why it cannot be applied yet"}:{" "}
        {reason.blocking.join("; ")}
      </strong>
      <table className="clock-compare wait-clocks" aria-label="Message clock and receiver clock">
        <thead>
          <tr>
            <th scope="col">clock</th>
            {reason.entries.map((entry) => (
              <th key={entry.id} scope="col">
                {entry.id}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row" className="event-name">
              message {write} (as {message.origin} sent it)
            </th>
            {reason.entries.map((entry) => (
              <td key={entry.id} className={entry.blocking ? "blocking" : undefined}>
                {entry.sent}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row" className="event-name">
              {replica} applied, when it arrived
            </th>
            {reason.entries.map((entry) => (
              <td
                key={entry.id}
                className={entry.blocking ? "blocking" : undefined}
                data-blocking={entry.blocking ? entry.id : undefined}
              >
                {entry.has}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <p className="wait-rule">Rule: {reason.rule}</p>
    </section>
  );
}
