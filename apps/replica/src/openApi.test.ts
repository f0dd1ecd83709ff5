/**
 * The OpenAPI document at /docs/json, from a real replica on a free port: it is OpenAPI 3.1, every
 * route fastify has registered is in it, its schemas are the protocol's (valid JSON Schema 2020-12
 * that real replies satisfy), and /docs is a page a browser opens.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReplica, type Replica } from "./createReplica.js";
import { docsPrefix } from "./http/docsRoutes.js";

type Json = { readonly [field: string]: unknown };

let dir: string;
let replica: Replica;
let base: string;
let document: Json;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "causal-kv-docs-"));
  replica = createReplica({
    id: "docs1",
    host: "127.0.0.1",
    port: 0,
    members: { docs1: "http://127.0.0.1:1", docs2: "http://127.0.0.1:1" },
    dataDir: dir,
    // Its peers never exist: the gate would refuse every write (rejoinGate.ts).
    rejoinGate: false,
    allowedOrigins: ["http://lab.example"],
    logLevel: "silent",
    synchronous: "NORMAL",
    crash: () => {},
  });
  base = await replica.listen();
  const reply = await fetch(`${base}${docsPrefix}/json`);
  expect(reply.status).toBe(200);
  document = (await reply.json()) as Json;
});

afterAll(async () => {
  await replica?.close();
  rmSync(dir, { recursive: true, force: true });
});

function field(value: unknown, ...path: string[]): unknown {
  let at = value;
  for (const name of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Json)[name];
  }
  return at;
}

/**
 * Every method and path fastify has registered, read from `printRoutes`, whose tree nests a
 * route under the route its path extends (`/control/links` → `/:peer`).
 */
function registeredRoutes(): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = [];
  const parents: string[] = [];
  for (const line of replica.app.printRoutes({ commonPrefix: false }).split("\n")) {
    const match = /^((?:│ {3}| {4})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? "").length / 4;
    const path = `${parents.slice(0, depth).join("")}${match[2] ?? ""}`;
    parents[depth] = path.slice(parents.slice(0, depth).join("").length);
    parents.length = depth + 1;
    for (const method of (match[3] ?? "").split(", ").filter(Boolean)) {
      // The tree prints the root's wildcard `/*` as `*`.
      routes.push({ method, path: path.startsWith("/") ? path : `/${path}` });
    }
  }
  return routes;
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with an info, paths and components whose every $ref resolves", () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(field(document, "info", "title")).toEqual(expect.any(String));
    expect(field(document, "info", "version")).toEqual(expect.any(String));
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === "object" && node !== null) {
        for (const [name, value] of Object.entries(node)) {
          if (name === "$ref" && typeof value === "string") refs.push(value);
          else walk(value);
        }
      }
    };
    walk(document);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\/\w+$/);
      expect(field(document, ...ref.slice(2).split("/")), ref).toBeDefined();
    }
  });

  it("has every route the server registered, with its method", () => {
    const routes = registeredRoutes();
    const documented = (method: string, path: string) =>
      field(document, "paths", path, method.toLowerCase()) !== undefined;
    const checked = routes.filter(
      ({ method, path }) =>
        // The docs themselves, and fastify's HEAD twin of each GET.
        !path.startsWith(docsPrefix) &&
        !(method === "HEAD" && routes.some((r) => r.method === "GET" && r.path === path)) &&
        // The CORS preflight answers any path; it is not an operation of the API.
        !(method === "OPTIONS" && path === "/*"),
    );
    expect(checked.length).toBeGreaterThanOrEqual(15);
    expect(routes).toContainEqual({ method: "OPTIONS", path: "/*" });
    const missing = checked
      .map(({ method, path }) => ({ method, path: path.replace(/:(\w+)/g, "{$1}") }))
      .filter(({ method, path }) => !documented(method, path));
    expect(missing).toEqual([]);
  });

  it("describes PUT /kv/{key} with the protocol's body and error schemas", () => {
    const put = field(document, "paths", "/kv/{key}", "put");
    expect(field(put, "parameters")).toEqual([
      {
        name: "key",
        in: "path",
        required: true,
        schema: expect.objectContaining({ maxLength: 256 }),
      },
      expect.objectContaining({ name: "wait", in: "query", required: false }),
      expect.objectContaining({ name: "causal-context", in: "header", required: false }),
    ]);
    expect(field(put, "responses", "200", "headers", "causal-context")).toBeDefined();
    expect(field(put, "responses", "503", "description")).toContain("context-not-reached");
    expect(field(put, "responses", "409", "description")).toContain("stale-context");
    const bodyRef = field(put, "requestBody", "content", "application/json", "schema", "$ref");
    expect(bodyRef).toBe("#/components/schemas/PutValueRequest");
    const body = field(document, "components", "schemas", "PutValueRequest");
    expect(field(body, "required")).toEqual(["value"]);
    expect(field(body, "properties", "value")).toMatchObject({
      type: "string",
      maxLength: 1024 * 1024,
    });
    for (const status of ["400", "413", "415", "500"]) {
      const schema = field(put, "responses", status, "content", "application/json", "schema");
      expect(schema, status).toEqual({ $ref: "#/components/schemas/ErrorBody" });
    }
    expect(field(put, "responses", "400", "description")).toContain("invalid-value");
    expect(field(put, "responses", "413", "description")).toContain("value-too-large");
    expect(field(document, "components", "schemas", "ErrorBody")).toMatchObject({
      required: ["error"],
      properties: { error: { required: ["code", "message"] } },
    });
  });

  it("takes /events' cursor as query parameters and /replicate's secret as a header", () => {
    const parameters = field(document, "paths", "/events", "get", "parameters");
    expect(parameters).toEqual([
      expect.objectContaining({ name: "after", in: "query", required: false }),
      expect.objectContaining({ name: "limit", in: "query", required: false }),
    ]);
    expect(field(document, "paths", "/replicate", "post", "security")).toEqual([
      { clusterSecret: [] },
      {},
    ]);
  });

  it("has schemas that compile as JSON Schema 2020-12 and that real replies satisfy", async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const schemas = field(document, "components", "schemas") as Record<string, Json>;
    for (const [name, schema] of Object.entries(schemas)) {
      ajv.addSchema(schema, `#/components/schemas/${name}`);
    }
    const check = async (name: string, method: string, path: string, body?: unknown) => {
      const init: RequestInit = { method };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        init.headers = { "content-type": "application/json" };
      }
      const reply = await fetch(`${base}${path}`, init);
      const validate = ajv.getSchema(`#/components/schemas/${name}`);
      if (!validate) throw new Error(`no schema ${name}`);
      const json: unknown = await reply.json();
      expect(validate(json), `${method} ${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    };
    await check("WriteResponse", "PUT", "/kv/a", { value: "1" });
    await check("ValuesResponse", "GET", "/kv/a");
    await check("StatusResponse", "GET", "/status");
    await check("EventsPage", "GET", "/events?after=0");
    await check("LinksResponse", "GET", "/control/links");
    await check("LinkResponse", "PUT", "/control/links/docs2", { hold: true });
    await check("WriteResponse", "DELETE", "/kv/a");
    await check("HeldList", "GET", "/control/held");
    await check("ErrorBody", "PUT", "/kv/a", { value: 1 });
    await check("ErrorBody", "GET", "/kv/a");
    await check("ModeResponse", "POST", "/control/mode", { delivery: "causal" });
  });
});

describe("the docs page", () => {
  it("is an HTML page whose script and the document load from this server", async () => {
    const page = await fetch(`${base}${docsPrefix}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<div id="swagger-ui">');
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1] ?? "");
    expect(scripts).toContain(`${docsPrefix}/static/swagger-ui-bundle.js`);
    for (const script of scripts) {
      const asset = await fetch(`${base}${script}`);
      expect(asset.status, script).toBe(200);
      expect(asset.headers.get("content-type")).toMatch(/javascript/);
      await asset.arrayBuffer();
    }
  });

  it("gets CORS headers for an allowed origin, and refuses any other but its own", async () => {
    const origin = "http://lab.example";
    const reply = await fetch(`${base}${docsPrefix}/json`, { headers: { origin } });
    expect(reply.headers.get("access-control-allow-origin")).toBe(origin);
    await reply.arrayBuffer();
    const preflight = await fetch(`${base}/kv/a`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "PUT" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("PUT");
    const refused = await fetch(`${base}/status`, { headers: { origin: "http://elsewhere" } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    await refused.arrayBuffer();
    // The docs page's own requests ("Try it out") come from the replica's own origin.
    const own = await fetch(`${base}/status`, { headers: { origin: base } });
    expect(own.status).toBe(200);
    await own.arrayBuffer();
  });
});
