"use client";
/** A banner while any replica is unreachable, and a short note when it is back. */
import { useEffect, useRef, useState } from "react";
import { useUnreachable } from "../lab/replicaSelectors";

export function ConnectionBanner() {
  const down = useUnreachable();
  const downIds = down.map((endpoint) => endpoint.id).join(",");
  const [recovered, setRecovered] = useState<string[]>([]);
  const wasDown = useRef<Set<string>>(new Set());

  useEffect(() => {
    const now = new Set(downIds ? downIds.split(",") : []);
    const back = [...wasDown.current].filter((id) => !now.has(id));
    wasDown.current = now;
    if (back.length === 0) return;
    setRecovered(back);
    const timer = setTimeout(() => setRecovered([]), 4000);
    return () => clearTimeout(timer);
  }, [downIds]);

  if (down.length > 0) {
    return (
      <div className="banner down" role="alert">
        {down.map((endpoint) => `${endpoint.id} is unreachable (${endpoint.url})`).join("; ")}. Its
        lane is paused; the others keep going and will catch it up when it returns.
      </div>
    );
  }
  if (recovered.length > 0) {
    return (
      <div className="banner recovered" role="status">
        {recovered.join(", ")} {recovered.length === 1 ? "is" : "are"} back and catching up.
      </div>
    );
  }
  return null;
}
