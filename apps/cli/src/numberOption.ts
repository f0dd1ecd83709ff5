/**
 * Numbers typed on the command line, checked before anything is sent: a bad one is a usage error
 * (exit 2) saying what was expected, so a typo never reaches a replica.
 */
import { maxLinkDelayMs } from "@causal-kv/protocol";
import { usageError } from "./cliError.js";

const decimal = /^\d+(\.\d+)?$/;

/** Milliseconds from 0 to the protocol's largest delay: `1500`, `250.5`. */
export function millisecondsOption(flag: string, text: string, hint?: string): number {
  const ms = decimal.test(text) ? Number(text) : Number.NaN;
  if (!(ms >= 0 && ms <= maxLinkDelayMs)) {
    throw usageError(
      `${flag} must be a number of milliseconds from 0 to ${maxLinkDelayMs}, not ${JSON.stringify(text)}`,
      hint,
    );
  }
  return ms;
}

/** A probability: `0.1` or `10%`. */
export function rateOption(flag: string, text: string, hint?: string): number {
  const percent = text.endsWith("%");
  const digits = percent ? text.slice(0, -1) : text;
  const rate = decimal.test(digits) ? Number(digits) / (percent ? 100 : 1) : Number.NaN;
  if (!(rate >= 0 && rate <= 1)) {
    throw usageError(
      `${flag} must be a rate from 0 to 1 (or 0% to 100%), not ${JSON.stringify(text)}`,
      hint,
    );
  }
  return rate;
}

/** A whole number of at least 1: `--count 5`. */
export function countOption(flag: string, text: string, hint?: string): number {
  const count = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(count >= 1)) {
    throw usageError(
      `${flag} must be a whole number of at least 1, not ${JSON.stringify(text)}`,
      hint,
    );
  }
  return count;
}
