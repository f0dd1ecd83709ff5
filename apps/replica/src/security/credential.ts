/**
 * A shared secret (a bearer token, the cluster secret) and the check of what a request presents
 * against it: both are hashed first, so the comparison takes the same time whatever the lengths
 * and wherever the first difference is.
 */
import { createHash, timingSafeEqual } from "node:crypto";

export class Credential {
  private readonly digest: Buffer;

  constructor(secret: string) {
    this.digest = digestOf(secret);
  }

  matches(given: string | undefined): boolean {
    return given !== undefined && timingSafeEqual(digestOf(given), this.digest);
  }
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | readonly string[] | undefined): string | undefined {
  if (typeof header !== "string") return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1];
}

function digestOf(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
