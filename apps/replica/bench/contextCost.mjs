// The cost of causal contexts on the write path: PUT throughput at one replica with every request
// carrying a session's context (the token the last answer carried, as a Session sends it) against
// the same load without one, alternated three times so drift hits both. Every context is one the
// replica has reached, so what is measured is carrying it: decoding, checking, merging, encoding.
import autocannon from "autocannon";

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

/** Requests per second without and with contexts, one figure per round; failures counted. */
export async function measureContextCost(url, seconds, connections) {
  const without = [];
  const withContext = [];
  let failures = 0;
  for (let round = 0; round < 3; round++) {
    for (const [carry, runs] of [
      [false, without],
      [true, withContext],
    ]) {
      const run = await load(url, seconds, connections, carry);
      runs.push(run.requests.average);
      failures += run.non2xx + run.errors;
    }
  }
  return { without, withContext, failures };
}
