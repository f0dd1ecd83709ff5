"use client";
import { useLab } from "../lab/labStore";
import { useClientVerdict } from "../lab/useClientVerdict";
import { useVerdict } from "../lab/useTraceAnalysis";
/**
 * Always on screen: the checker's verdict on the trace shown, live. Causality is judged at every
 * moment; convergence once nothing is in flight. Each violation is a sentence that selects its event.
 * Once named clients have made requests, the client checker's verdict on what they saw too.
 */
import { eventId } from "../trace/eventId";

export function VerdictPanel() {
  const { verdict } = useVerdict();
  const select = useLab((lab) => lab.select);
  const violations = verdict.causalityViolations;
  const held = violations.length === 0;
  const clients = useClientVerdict();
  return (
    <section className="verdict-panel" aria-label="Live verdict">
      <h2>Checker verdict</h2>
      <p className={held ? "ok" : "bad"} data-verdict="causality">
        <span aria-hidden="true">{held ? "✔" : "✘"}</span>{" "}
        {held
          ? `Causality held (${verdict.checkedEvents} events checked)`
          : `Causality violated: ${violations.length} ${violations.length === 1 ? "write" : "writes"} applied too early`}
      </p>
      {!held && (
        <ul className="violations" aria-label="Causality violations">
          {violations.map((v) => {
            const event = v.events[0];
            return (
              <li key={`${v.kind}:${event ? eventId(event) : v.message}`}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => event && select(eventId(event))}
                >
                  {v.message}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {clients.requests > 0 && (
        <p className={clients.violations.length === 0 ? "ok" : "bad"} data-verdict="clients">
          <span aria-hidden="true">{clients.violations.length === 0 ? "✔" : "✘"}</span>{" "}
          {clients.violations.length === 0
            ? `Clients saw causal order (${clients.requests} requests checked)`
            : `Clients saw causality broken: ${clients.violations.length} ${clients.violations.length === 1 ? "read" : "reads"}`}
        </p>
      )}
      {clients.violations.length > 0 && (
        <ul className="violations" aria-label="Client violations">
          {clients.violations.map(({ violation }) => (
            <li key={violation.message}>{violation.message}</li>
          ))}
        </ul>
      )}
      <p
        className={verdict.converged === false ? "bad" : verdict.converged ? "ok" : "pending"}
        data-verdict="convergence"
      >
        <span aria-hidden="true">
          {verdict.converged === undefined ? "…" : verdict.converged ? "✔" : "✘"}
        </span>{" "}
        {verdict.converged === undefined
          ? `Convergence not judged yet: ${verdict.inFlight} ${verdict.inFlight === 1 ? "delivery" : "deliveries"} still on the way`
          : verdict.converged
            ? "Converged: every replica has the same store"
            : `Not converged: ${verdict.convergenceViolations.map((v) => v.message).join("; ")}`}
      </p>
    </section>
  );
}
