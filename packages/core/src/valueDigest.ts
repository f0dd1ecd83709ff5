/**
 * What the journal keeps of a value: its first characters, whether they are all of it, its size in
 * UTF-8 bytes and a content hash. The store keeps values; a journal event never carries one whole,
 * so an event's size does not grow with the value it names.
 */

export interface ValueDigest {
  /** The value's first `previewLength` characters (UTF-16 code units, never half a pair). */
  readonly preview: string;
  /** True when `preview` is not the whole value. */
  readonly cut: boolean;
  /** The value's size in UTF-8 bytes, as it crosses the wire. */
  readonly bytes: number;
  /** 64-bit content hash (16 hex digits): equal values have equal hashes. */
  readonly hash: string;
}

export const previewLength = 64;

export function digestValue(value: string): ValueDigest {
  let end = Math.min(previewLength, value.length);
  // A preview cut between the halves of a surrogate pair would not be valid text.
  if (end < value.length && isHighSurrogate(value.charCodeAt(end - 1))) end -= 1;
  const { bytes, hash } = measure(value);
  return { preview: value.slice(0, end), cut: end < value.length, bytes, hash };
}

/** The preview as a reader sees it: an ellipsis marks a cut one. */
export function previewText(digest: ValueDigest): string {
  return digest.cut ? `${digest.preview}…` : digest.preview;
}

/** Two digests of one value. Unequal digests mean unequal values. */
export function sameDigest(a: ValueDigest | null, b: ValueDigest | null): boolean {
  if (a === null || b === null) return a === b;
  return a.hash === b.hash && a.bytes === b.bytes;
}

/**
 * UTF-8 length and a hash over the code units, in one pass. The hash is two independent 32-bit
 * multiply-xor lanes (as cyrb53 mixes them): not cryptographic, but the checker compares stores it
 * folded from one honest cluster's journals, where a collision needs about 2^32 distinct values.
 */
function measure(value: string): { bytes: number; hash: string } {
  let bytes = 0;
  let h1 = 0xdeadbeef ^ value.length;
  let h2 = 0x41c6ce57 ^ value.length;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (isHighSurrogate(unit) && isLowSurrogate(value.charCodeAt(i + 1))) {
      bytes += 4;
      i += 1;
      const low = value.charCodeAt(i);
      h1 = Math.imul(h1 ^ low, 2654435761);
      h2 = Math.imul(h2 ^ low, 1597334677);
    } else bytes += 3;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return { bytes, hash: hex32(h2) + hex32(h1) };
}

function hex32(word: number): string {
  return (word >>> 0).toString(16).padStart(8, "0");
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
