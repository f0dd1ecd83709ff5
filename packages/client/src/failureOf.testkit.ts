/** The ReplicaError a request ends with; anything else (success, another error) fails the test. */
import { ReplicaError } from "./replicaError.js";

export async function failureOf(request: Promise<unknown>): Promise<ReplicaError> {
  const outcome = await request.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if ("value" in outcome)
    throw new Error(`expected a ReplicaError, got an answer: ${JSON.stringify(outcome.value)}`);
  if (!(outcome.error instanceof ReplicaError))
    throw new Error(`expected a ReplicaError, got ${String(outcome.error)}`);
  return outcome.error;
}
