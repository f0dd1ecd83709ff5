/** Parses request input with a protocol schema, turning a failure into the given API error. */

import type { ApiErrorCode } from "@causal-kv/protocol";
import type { z } from "zod";
import { ApiError } from "../apiError.js";

export function parseInput<T>(schema: z.ZodType<T>, input: unknown, code: ApiErrorCode): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ApiError(code, describeIssues(parsed.error));
}

/** True when a value exceeded its size limit (valueSchema marks that issue). */
export function isTooLarge(error: z.ZodError): boolean {
  return error.issues.some((issue) => issue.code === "custom" && issue.params?.tooLarge === true);
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
    )
    .join("; ");
}
