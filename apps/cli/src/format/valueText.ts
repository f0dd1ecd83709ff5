/**
 * A value as the user sees it: quoted, so spaces and empty strings show, and a delete's tombstone
 * (null) as `(deleted)`. Table cells cut long values short; `get` prints them whole.
 */
export function valueText(value: string | null, maxLength = Number.POSITIVE_INFINITY): string {
  if (value === null) return "(deleted)";
  const quoted = JSON.stringify(value);
  if (quoted.length <= maxLength) return quoted;
  return `${quoted.slice(0, Math.max(1, maxLength - 2))}…"`;
}
