/**
 * fast-check generators of request bodies for a replica: each route's input shaped right, nearly
 * right and wrong (peer writes, link updates, modes, values), JSON the parser must refuse or take
 * with care, raw bytes, and bodies past the size limits.
 */
import { maxValueBytes } from "@causal-kv/protocol";
import fc from "fast-check";

export interface FuzzCluster {
  readonly self: string;
  readonly peers: readonly string[];
  readonly secret: string;
  readonly adminToken: string;
  readonly clientToken: string;
  /** The one browser origin the replica allows. */
  readonly allowedOrigin: string;
}

const json = (value: unknown) => JSON.stringify(value);

export function replicaIds(cluster: FuzzCluster) {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(cluster.self, ...cluster.peers) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "nodeX",
        "1abc",
        "",
        "constructor",
        "__proto__",
        "toString",
        "a".repeat(65),
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  );
}

const counts = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 4 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      -1,
      1.5,
      2 ** 53,
      2 ** 53 + 2,
      2 ** 60,
      1e308,
      -0,
      "1",
      null,
      true,
      [],
    ),
  },
);

/** A write a peer might send: often well formed, often not. */
function peerWrite(cluster: FuzzCluster) {
  const ids = replicaIds(cluster);
  return fc.record(
    {
      origin: ids,
      clock: fc.oneof(
        { weight: 4, arbitrary: fc.dictionary(ids, counts, { maxKeys: 3 }) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
      ),
      key: fc.oneof(
        fc.string({ minLength: 1, maxLength: 6 }),
        fc.constantFrom("", "k".repeat(257), 7, null),
      ),
      value: fc.oneof(fc.string({ maxLength: 12 }), fc.constant(null), fc.integer(), fc.object()),
      epoch: counts,
    },
    { requiredKeys: ["origin", "clock", "key", "value"] },
  );
}

/** A write a peer could really have sent: mostly accepted, sometimes buffered or a duplicate. */
function plausibleWrite(cluster: FuzzCluster, from?: string) {
  return fc
    .tuple(
      from === undefined ? fc.constantFrom(...cluster.peers) : fc.constant(from),
      fc.dictionary(fc.constantFrom(...cluster.peers), fc.integer({ min: 0, max: 3 })),
      fc.integer({ min: 1, max: 4 }),
      fc.constantFrom("a", "b", "c"),
      // "binary" strings include lone surrogates, which JSON carries as \ud800 escapes.
      fc.option(fc.string({ unit: "binary", maxLength: 8 }), { nil: null }),
    )
    .map(([origin, clock, seq, key, value]) => ({
      origin,
      clock: { ...clock, [origin]: seq },
      key,
      value,
    }));
}

export function replicateBodies(cluster: FuzzCluster) {
  const write = (from?: string) =>
    fc.oneof(
      { weight: 3, arbitrary: plausibleWrite(cluster, from) },
      { weight: 1, arbitrary: peerWrite(cluster) },
    );
  // A batch carries its sender's own writes; sometimes it names another sender, or none.
  const batch = fc.constantFrom(...cluster.peers).chain((from) =>
    fc.record(
      {
        // Mostly the epoch the replica is in at first; a later one moves the replica to it.
        epoch: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: counts }),
        from: mostly(fc.constant(from), replicaIds(cluster)),
        messages: fc.oneof(
          { weight: 4, arbitrary: fc.array(write(from), { maxLength: 4 }) },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
        ),
      },
      { requiredKeys: ["messages"] },
    ),
  );
  return fc.oneof(
    write().map(json),
    batch.map(json),
    // A valid-looking batch one past the limit.
    fc.constant(
      json({
        messages: Array.from({ length: 1001 }, (_, i) => ({
          origin: cluster.peers[0],
          clock: { [cluster.peers[0] ?? ""]: i + 1 },
          key: "k",
          value: "v",
        })),
      }),
    ),
  );
}

/** Mostly a good value, sometimes one the schema refuses. */
export const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 4, arbitrary: good }, { weight: 1, arbitrary: bad });

export const linkUpdates = fc
  .record(
    {
      delayMs: mostly(
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom(-1, 600_001, 1e308, "5", null),
      ),
      jitterMs: mostly(fc.integer({ min: 0, max: 5 }), fc.constantFrom(-0.5, "x", false)),
      dropRate: mostly(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(-0.1, 1.1, "0")),
      partitioned: mostly(fc.boolean(), fc.constantFrom("true", 1, null)),
      hold: mostly(fc.boolean(), fc.constantFrom(0, "false")),
    },
    { requiredKeys: [] },
  )
  .chain((update) =>
    mostly(
      fc.constant(update),
      fc.jsonValue({ maxDepth: 1 }).map((surprise) => ({ ...update, surprise })),
    ),
  )
  .map(json);

export const modeBodies = fc
  .record(
    { delivery: mostly(fc.constantFrom("causal", "naive"), fc.constantFrom("NAIVE", "", null, 1)) },
    { requiredKeys: [] },
  )
  .map(json);

export const kvBodies = fc.oneof(
  {
    weight: 4,
    // "binary" strings include lone surrogates, which JSON carries as \ud800 escapes.
    arbitrary: fc
      .oneof(
        fc.string({ unit: "grapheme", maxLength: 20 }),
        fc.string({ unit: "binary", maxLength: 20 }),
      )
      .map((value) => json({ value })),
  },
  fc
    .record(
      { value: fc.jsonValue({ maxDepth: 2 }), extra: fc.jsonValue({ maxDepth: 1 }) },
      { requiredKeys: [] },
    )
    .map(json),
  // Just over 1 MiB of UTF-8 in a body the route takes (8 MiB): value-too-large.
  fc.constant(json({ value: "é".repeat(maxValueBytes / 2 + 1) })),
);

export function parses(text: string): boolean {
  try {
    // The server's parser skips a byte-order mark.
    JSON.parse(text.replace(/^\uFEFF/, ""));
    return true;
  } catch {
    return false;
  }
}

/** Text no JSON parser takes. */
export const unparseable = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }).filter((text) => !parses(text)),
  fc.constantFrom('{"value":', "{'value': 'x'}", '{"value": "x",}', "NaN", "[".repeat(100_000)),
);

/** JSON the server's parser must refuse (prototype poisoning) or take with care. */
const parserTraps = fc.constantFrom(
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '\uFEFF{"value": "x"}',
  `${"[".repeat(50_000)}${"]".repeat(50_000)}`,
  `${'{"a":'.repeat(30_000)}1${"}".repeat(30_000)}`,
);

export const malformedJson = fc.oneof(unparseable, parserTraps);

export const anyJson = fc.jsonValue({ maxDepth: 3 }).map(json);
export const rawBytes = fc
  .uint8Array({ minLength: 1, maxLength: 40 })
  .map((bytes) => Buffer.from(bytes));
/** Past the default 1 MiB body limit, and past `/kv`'s 8 MiB. */
export const oversize = fc
  .constantFrom(1024 * 1024 + 1, 8 * 1024 * 1024 + 1)
  .map((size) => json({ value: "x".repeat(size) }));
