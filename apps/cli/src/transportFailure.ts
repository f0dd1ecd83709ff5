/**
 * Why a request got no answer, in words (`connect ECONNREFUSED 127.0.0.1:5002` rather than
 * fetch's bare "fetch failed"), and whether it may have reached the replica: a refused connection
 * certainly did not, but a reset or a timeout after sending leaves a write's fate unknown.
 */
export interface TransportFailure {
  readonly reason: string;
  /** False only when the request certainly never reached the replica. */
  readonly mayHaveArrived: boolean;
}

/** Errors raised before a single byte of the request left this machine. */
const neverSent = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export function describeTransportFailure(error: unknown): TransportFailure {
  if (error instanceof Error && error.name === "TimeoutError") {
    return { reason: "no answer in time", mayHaveArrived: true };
  }
  const cause = error instanceof Error ? error.cause : undefined;
  const code = errorCode(cause) ?? errorCode(error);
  const reason = messageOf(cause) ?? code ?? messageOf(error) ?? String(error);
  return { reason, mayHaveArrived: code === undefined || !neverSent.has(code) };
}

/** A fetch that hands every transport failure to `record` before passing it on. */
export function recordingFetch(record: (failure: TransportFailure) => void): typeof fetch {
  return async (input, init) => {
    try {
      return await fetch(input, init);
    } catch (error) {
      const failure = describeTransportFailure(error);
      record(failure);
      throw new Error(failure.reason, { cause: error });
    }
  };
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

function messageOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  // Node reports a refused `localhost` (tried as ::1 and 127.0.0.1) as an AggregateError.
  if (error instanceof AggregateError && error.message === "") {
    return error.errors.map(messageOf).filter(Boolean).join("; ") || undefined;
  }
  return error.message === "" ? undefined : error.message;
}
