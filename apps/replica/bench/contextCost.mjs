// The cost of causal contexts on the write path: PUT throughput at one replica with every request
// carrying a session's context (the token the last answer carried, as a Session sends it) against
// the same load without one, after a warm-up, alternated three times (each round in the other
// order than the last) so drift hits both alike. Every context is one the
// replica has reached, so what is measured is carrying it: decoding, checking, merging, encoding.
import autocannon from "autocannon";
import { withCpuPerRequest } from "./processCpu.mjs";

const value = JSON.stringify({ value: "x".repeat(100) });
const header = "causal-context";

function load(url, seconds, connections, withContext) {
  let n = 0;
  let token;
  return autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: "PUT",
        body: value,
        setupRequest: (request) => ({
          ...request,
          path: `/kv/k${n++ % 1000}`,
          headers: {
            "content-type": "application/json",
            ...(withContext && token ? { [header]: token } : {}),
          },
        }),
        onResponse: (_status, _body, _context, headers) => {
          if (withContext && headers[header]) token = headers[header];
        },
      },
    ],
  });
}

/**
 * Requests per second without and with contexts, one figure per round, and the CPU µs per request
 * of `pid` (the replica written to) in each: on shared cores that is steadier than throughput.
 */
export async function measureContextCost(url, seconds, connections, pid) {
  const without = [];
  const withContext = [];
  const cpu = { without: [], withContext: [] };
  let failures = 0;
  // A replica just started runs its first seconds of load slower (JIT, caches): warm both paths.
  await load(url, 2, connections, false);
  await load(url, 2, connections, true);
  for (let round = 0; round < 3; round++) {
    const pair = [
      [false, without],
      [true, withContext],
    ];
    for (const [carry, runs] of round % 2 === 0 ? pair : pair.reverse()) {
      const { result, cpu: used } = await withCpuPerRequest([pid], () =>
        load(url, seconds, connections, carry),
      );
      runs.push(result.requests.average);
      const us = used?.servers[0];
      if (us !== undefined) (carry ? cpu.withContext : cpu.without).push(us);
      failures += result.non2xx + result.errors;
    }
  }
  return { without, withContext, cpu, failures };
}
