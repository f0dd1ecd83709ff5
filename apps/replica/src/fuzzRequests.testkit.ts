/**
 * fast-check generators of HTTP requests to a replica: known routes with random and hostile
 * parameters, random paths (percent-escapes, Latin-1 bytes, `..`, very long), methods, content
 * types and headers, with the bodies of fuzzBodies.testkit.ts. `/control/reset` and `/control/crash` get only
 * requests that must be refused, since accepting them changes state (or ends the process) by design.
 * Browsers and credentials: some requests come from another origin (or one forged to look like the
 * allowed one), name another host, or carry no token, a wrong one, or the client's on an operator
 * route; each of those must be refused whatever else it holds.
 */
import fc from "fast-check";
import {
  anyJson,
  type FuzzCluster,
  kvBodies,
  linkUpdates,
  malformedJson,
  modeBodies,
  mostly,
  oversize,
  parses,
  rawBytes,
  replicaIds,
  replicateBodies,
  unparseable,
} from "./fuzzBodies.testkit.js";
import { crossesBoundary, extraHeaders } from "./fuzzHeaders.testkit.js";
import type { RawRequest } from "./rawHttp.testkit.js";
import { type RouteAccess, routeAccess } from "./security/routeAccess.js";

export type { FuzzCluster };

/** A generated request and whether the replica must refuse it. */
export interface FuzzRequest extends RawRequest {
  readonly mustRefuse: boolean;
}

const methods = ["GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"];

/** Path bytes: every printable Latin-1 byte, raw, plus percent-escapes, valid or not. */
const pathUnit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xa1, max: 0xff }).map((c) => String.fromCharCode(c)) },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 0, max: 255 }).map((c) => `%${c.toString(16).padStart(2, "0")}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("%", "%G1", "%e0%a4%a", "%c0%af", "%00", "%2F", "%2e%2e"),
  },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 3 }).map(encodeURIComponent) },
);
/** Node's client refuses spaces and control characters in a path; everything else goes. */
const pathText = fc
  .array(pathUnit, { maxLength: 24 })
  .map((units) => units.join("").replace(/[^\u0021-\u00ff]/g, encodeURIComponent));

const segment = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }).map(encodeURIComponent),
  },
  { weight: 4, arbitrary: pathText.filter((text) => text.length > 0 && !text.includes("/")) },
  { weight: 1, arbitrary: fc.constantFrom("..", ".", "%2e%2e", "", "__proto__", "constructor") },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 6000 }).map((n) => "k".repeat(n)) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom("k".repeat(256), "k".repeat(257), "😀".repeat(128))
      .map(encodeURIComponent),
  },
);

const contentTypes = fc.oneof(
  { weight: 20, arbitrary: fc.constant("application/json") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      "application/json; charset=latin1",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/json-patch+json",
      "application/octet-stream",
      "json",
      "",
      ";;;",
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 20 }) },
);

type Body = string | Buffer | undefined;

function bodies(shaped: fc.Arbitrary<string>): fc.Arbitrary<Body> {
  return fc.oneof(
    { weight: 14, arbitrary: shaped },
    { weight: 3, arbitrary: anyJson },
    { weight: 3, arbitrary: malformedJson },
    { weight: 1, arbitrary: rawBytes },
    { weight: 1, arbitrary: fc.constantFrom<Body>("", undefined) },
    { weight: 1, arbitrary: oversize },
  );
}

function assemble(
  method: string,
  path: string,
  body: Body,
  contentType: string | undefined,
  extra: Record<string, string>,
  mustRefuse: boolean,
): FuzzRequest {
  const headers: Record<string, string> = { ...extra };
  if (contentType !== undefined) headers["content-type"] = contentType;
  return {
    method,
    path,
    headers,
    body: body === undefined ? undefined : Buffer.from(body),
    mustRefuse,
  };
}

interface Target {
  readonly methods: readonly string[];
  readonly path: string;
  readonly body: fc.Arbitrary<string>;
  /** The route's pattern, as fastify has it, for one of the replica's routes. */
  readonly pattern?: string;
}

/** The access of the route `method` on `target` reaches, when the generator knows it. */
function knownAccess(target: Target, method: string): RouteAccess | undefined {
  const { methods: routeMethods, pattern } = target;
  const matches =
    routeMethods.includes(method) || (method === "HEAD" && routeMethods.includes("GET"));
  return pattern !== undefined && matches ? routeAccess(pattern) : undefined;
}

/** Requests of every kind but resets and crashes. */
function ordinaryRequests(cluster: FuzzCluster): fc.Arbitrary<FuzzRequest> {
  const known: fc.Arbitrary<Target> = fc.oneof(
    {
      weight: 3,
      arbitrary: segment.map((key) => ({
        methods: ["GET", "PUT", "DELETE"],
        path: `/kv/${key}`,
        body: kvBodies,
        pattern: "/kv/:key",
      })),
    },
    replicaIds(cluster).map((peer) => ({
      methods: ["PUT", "GET"],
      path: `/control/links/${encodeURIComponent(peer)}`,
      body: linkUpdates,
      pattern: "/control/links/:peer",
    })),
    segment.map((peer) => ({
      methods: ["PUT"],
      path: `/control/links/${peer}`,
      body: linkUpdates,
      pattern: "/control/links/:peer",
    })),
    fc
      .tuple(
        fc.oneof(
          fc.integer({ min: 1, max: 9 }).map((n) => `h${n}`),
          segment,
        ),
        fc.constantFrom("release", "drop"),
      )
      .map(([id, action]) => ({
        methods: ["POST"],
        path: `/control/held/${id}/${action}`,
        body: anyJson,
        pattern: `/control/held/:id/${action}`,
      })),
    {
      weight: 3,
      arbitrary: fc.constant({
        methods: ["POST"],
        path: "/replicate",
        body: replicateBodies(cluster),
        pattern: "/replicate",
      }),
    },
    fc.constant({
      methods: ["POST"],
      path: "/control/mode",
      body: modeBodies,
      pattern: "/control/mode",
    }),
    fc
      .tuple(mostly(fc.nat().map(String), pathText), mostly(fc.nat(1200).map(String), pathText))
      .map(([after, limit]) => ({
        methods: ["GET"],
        path: `/events?after=${after}&limit=${limit}`,
        body: anyJson,
        pattern: "/events",
      })),
    fc
      .constantFrom(
        "/health",
        "/status",
        "/events?after=0&after=1",
        "/events?limit=0",
        "/control/links",
        "/control/held",
        "/docs",
        "/docs/json",
        "/docs/static/swagger-ui.css",
        "/docs/static/../../package.json",
        "/docs/static/%2e%2e/%2e%2e/package.json",
        "/docs/static/%2e%2e%2fpackage.json",
        "*",
      )
      .map((path) => ({ methods: ["GET"], path, body: anyJson, pattern: path.split("?")[0] })),
  );
  const random = fc
    .array(segment, { minLength: 1, maxLength: 5 })
    .map((segments): Target => ({ methods, path: `/${segments.join("/")}`, body: anyJson }));
  return fc
    .oneof({ weight: 4, arbitrary: known }, { weight: 1, arbitrary: random })
    .chain((target) =>
      fc.tuple(
        fc.constant(target),
        fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom(...target.methods) },
          { weight: 1, arbitrary: fc.constantFrom(...methods) },
        ),
        bodies(target.body),
        fc.option(contentTypes, { freq: 16 }),
        extraHeaders(cluster),
      ),
    )
    .filter(([target, method]) => !(method === "POST" && targetsResetOrCrash(target.path)))
    .map(([target, method, body, contentType, extra]) => {
      const refused = crossesBoundary(cluster, target.path, extra, knownAccess(target, method));
      return assemble(method, target.path, body, contentType ?? undefined, extra, refused);
    });
}

/** True for any spelling of `/control/reset` or `/control/crash` the router may match. */
function targetsResetOrCrash(path: string): boolean {
  let decoded = path.split("?")[0] ?? "";
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // Undecodable: the router refuses it before any handler.
  }
  return /control\/+(reset|crash)/i.test(decoded);
}

/**
 * Resets and crashes that must be refused: bad bodies, bad epochs (past 2^53 - 1 too), wrong
 * methods, all with the admin token; and good ones (bodiless too, as a cross-site form or fetch
 * would send) from another origin or host, without the token, or with a wrong one.
 */
function refusedResetsAndCrashes(cluster: FuzzCluster): fc.Arbitrary<FuzzRequest> {
  const operator = { authorization: `Bearer ${cluster.adminToken}` };
  const nonEmptyNonJson = fc.oneof(
    unparseable,
    rawBytes.filter((bytes) => !parses(bytes.toString("utf8"))),
  );
  const badEpochs = fc
    .constantFrom(
      "-1",
      "1.5",
      '"1"',
      "null",
      "true",
      "9007199254740992",
      "9007199254740993",
      "18014398509481984",
      "1e16",
      "[]",
      "{}",
      "1e400",
    )
    .map((epoch) => `{"epoch": ${epoch}}`);
  const notAnObject = fc
    .oneof(
      fc.array(fc.jsonValue({ maxDepth: 1 })),
      fc.string(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    )
    .map((value) => JSON.stringify(value));
  const post = (path: string, body: fc.Arbitrary<Body>, contentType: fc.Arbitrary<string>) =>
    fc.tuple(fc.constant("POST"), fc.constant(path), body, contentType);
  const crossing = fc
    .tuple(
      fc.constantFrom("/control/reset", "/control/crash"),
      fc.constantFrom<Body>(undefined, "", "{}"),
      fc.constantFrom(
        undefined,
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded",
      ),
      fc.constantFrom<Record<string, string>>(
        { ...operator, origin: "http://elsewhere" },
        { ...operator, origin: "null" },
        { ...operator, origin: `${cluster.allowedOrigin}.evil.example` },
        { ...operator, host: "evil.example" },
        {},
        { origin: cluster.allowedOrigin },
        { authorization: `Bearer ${cluster.clientToken}` },
        { authorization: "Bearer wrong" },
        { authorization: `Basic ${cluster.adminToken}` },
      ),
    )
    .map(([path, body, contentType, headers]) =>
      assemble("POST", path, body, contentType, headers, true),
    );
  const refusedBodies = fc
    .oneof(
      post(
        "/control/reset",
        fc.oneof(badEpochs, notAnObject, nonEmptyNonJson, oversize),
        fc.constant("application/json"),
      ),
      post("/control/crash", fc.oneof(nonEmptyNonJson, oversize), fc.constant("application/json")),
      fc
        .tuple(fc.constantFrom("/control/reset", "/control/crash"), fc.oneof(anyJson, rawBytes))
        .chain(([path, body]) =>
          post(
            path,
            fc.constant(body),
            fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "application/xml"),
          ),
        ),
      fc.tuple(
        fc.constantFrom("GET", "PUT", "DELETE", "PATCH"),
        fc.constantFrom("/control/reset", "/control/crash"),
        fc.constant<Body>(undefined),
        fc.constant("application/json"),
      ),
    )
    .map(([method, path, body, contentType]) =>
      assemble(method, path, body, contentType, operator, true),
    );
  return fc.oneof(refusedBodies, crossing);
}

export function fuzzRequests(cluster: FuzzCluster): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 6, arbitrary: ordinaryRequests(cluster) },
    { weight: 1, arbitrary: refusedResetsAndCrashes(cluster) },
  );
}
