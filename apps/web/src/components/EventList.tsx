"use client";
/**
 * The diagram's text alternative: every event in time order, as a keyboard-navigable list. The
 * cursor lights up the event's causal cone on the diagram as hovering does; Enter picks it (a
 * second pick compares). Only a window around the cursor is in the DOM, so 100,000 events stay cheap.
 */
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { describeEvent } from "../lab/describeEvent";
import { useLab } from "../lab/labStore";
import { clocksOf, layoutOf } from "../lab/traceAnalysis";
import { useDeferredTrace } from "../lab/useTraceAnalysis";
import { causalCone } from "../trace/happensBefore";

const windowSize = 40;
const pageSize = 10;
const roleText = ["", "causal past", "causal future", "chosen"] as const;

export function EventList() {
  // A render behind a new trace: the diagram of a large import draws first.
  const trace = useDeferredTrace();
  const view = layoutOf(trace);
  const { layout, markIndex } = view;
  const selected = useLab((lab) => lab.selected);
  const compared = useLab((lab) => lab.compared);
  const hover = useLab((lab) => lab.hover);
  const pick = useLab((lab) => lab.pick);
  const select = useLab((lab) => lab.select);
  const [cursor, setCursor] = useState<number | undefined>();
  const list = useRef<HTMLDivElement>(null);
  const count = layout.marks.length;
  const at = cursor === undefined ? count - 1 : Math.min(cursor, count - 1);
  const start = Math.max(0, Math.min(at - windowSize / 2, count - windowSize));
  const rows = layout.marks.slice(start, start + windowSize);

  const selectedIndex = selected === undefined ? undefined : markIndex.get(selected);
  const roles = useMemo(() => {
    if (selectedIndex === undefined) return undefined;
    const clocks = clocksOf(view);
    const focus = clocks[selectedIndex];
    return focus ? causalCone(clocks, focus) : undefined;
  }, [view, selectedIndex]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the cursor, or the newest event
  useEffect(() => {
    const active = list.current?.querySelector<HTMLElement>('[data-active="true"]');
    active?.scrollIntoView({ block: "nearest" });
  }, [at, count]);

  const move = (to: number) => {
    const next = Math.max(0, Math.min(to, count - 1));
    setCursor(next);
    hover(layout.marks[next]?.id);
  };
  const pickAt = () => {
    const id = layout.marks[at]?.id;
    if (id) pick(id);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    switch (e.key) {
      case "ArrowDown":
        move(at + 1);
        break;
      case "ArrowUp":
        move(at - 1);
        break;
      case "PageDown":
        move(at + pageSize);
        break;
      case "PageUp":
        move(at - pageSize);
        break;
      case "Home":
        move(0);
        break;
      case "End":
        move(count - 1);
        break;
      case "Enter":
      case " ":
        pickAt();
        break;
      case "Escape":
        select(undefined);
        break;
      default:
        return;
    }
    e.preventDefault();
  };
  const optionId = (id: string) => `event-${id.replace("#", "-")}`;
  const activeId = layout.marks[at]?.id;

  return (
    <div className="event-list">
      <div
        ref={list}
        role="listbox"
        aria-label="Events"
        aria-describedby="event-list-help"
        tabIndex={0}
        aria-activedescendant={activeId ? optionId(activeId) : undefined}
        onKeyDown={onKeyDown}
        // Focus only places the cursor; the diagram lights up when the keyboard moves it, so a
        // click on a row shows that row's cone, not the cursor's.
        onFocus={() => cursor === undefined && count > 0 && setCursor(selectedIndex ?? count - 1)}
        onBlur={() => hover(undefined)}
      >
        {rows.map((mark) => {
          const chosen = mark.id === selected ? "A" : mark.id === compared ? "B" : undefined;
          const role = roles?.[mark.index] ?? 0;
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keyboard
            <div
              key={mark.id}
              tabIndex={-1}
              id={optionId(mark.id)}
              role="option"
              aria-selected={chosen !== undefined}
              data-mark={mark.id}
              data-type={mark.type}
              data-active={mark.index === at}
              className={`role-${role}`}
              onClick={() => {
                setCursor(mark.index);
                pick(mark.id);
              }}
            >
              <span className="event-time">{((mark.time - layout.start) / 1000).toFixed(2)} s</span>{" "}
              {chosen && <strong className="event-chosen">{chosen}</strong>}{" "}
              {describeEvent(mark.event)}
              {roles && role > 0 && role < 3 && (
                <span className="event-role"> · {roleText[role]}</span>
              )}
            </div>
          );
        })}
      </div>
      <p id="event-list-help" className="sr-only">
        Arrow keys move through the events and light up each one's causal past and future on the
        diagram; Enter chooses an event, a second Enter on another compares the two; Escape clears.
      </p>
      {count === 0 && <p className="empty">No events yet.</p>}
    </div>
  );
}
