/**
 * Why a request got no answer, in words: `connect ECONNREFUSED 127.0.0.1:5002` rather than
 * fetch's bare "fetch failed". Whether it may have reached the replica is the client's to say
 * (its error's code and `definite`); the fetch error stays the cause, so the client can read it.
 */
export interface TransportFailure {
  readonly reason: string;
}

export function describeTransportFailure(error: unknown): TransportFailure {
  if (error instanceof Error && error.name === "TimeoutError") {
    return { reason: "no answer in time" };
  }
  const cause = error instanceof Error ? error.cause : undefined;
  const code = errorCode(cause) ?? errorCode(error);
  return { reason: messageOf(cause) ?? code ?? messageOf(error) ?? String(error) };
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
