/**
 * The replica's OpenAPI 3.1 document, generated from the operation list and the protocol's zod
 * schemas (zod's own JSON Schema output), so the docs cannot drift from what the routes parse.
 */
import {
  type ApiErrorCode,
  apiErrors,
  causalContextHeader,
  keySchema,
  maxValueBytes,
  replicaIdSchema,
  storeSchema,
  valueSchema,
  writeIdSchema,
} from "@causal-kv/protocol";
import { z } from "zod";
import { type RouteAccess, routeAccess } from "../security/routeAccess.js";
import {
  type ApiOperation,
  anyRequestErrors,
  apiOperations,
  bodyErrors,
  boundaryErrors,
  requestSchemas,
  responseSchemas,
} from "./apiOperations.js";

export type JsonSchema = { readonly [field: string]: unknown };

export interface OpenApiDocument {
  readonly openapi: "3.1.0";
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly paths: Record<string, Record<string, JsonSchema>>;
  readonly components: {
    readonly schemas: Record<string, JsonSchema>;
    readonly securitySchemes: Record<string, JsonSchema>;
  };
}

const componentRef = (name: string) => `#/components/schemas/${name}`;
const json = (schema: JsonSchema) => ({ "application/json": { schema } });

const indefiniteCodes = (Object.keys(apiErrors) as ApiErrorCode[]).filter(
  (code) => !apiErrors[code].definite,
);
const codeList = (codes: readonly ApiErrorCode[]) =>
  codes.map((code) => `\`${code}\` (${apiErrors[code].status})`).join(", ");

const description = `One replica of causal-kv: a key-value store whose replicas keep causal consistency with vector clocks.
Every failure answers \`{ error: { code, message } }\`; the codes an operation can answer are listed under each status.
Every code is definite (the request changed nothing) except ${codeList(indefiniteCodes)}: after those the request may or may not have taken effect.
Any request may also get ${codeList(anyRequestErrors)}: answered before routing. A body is read before routing too, so one sent where no operation takes it may get ${codeList(bodyErrors)}.
A request from a browser origin not in ALLOWED_ORIGINS, or whose Host header does not name the replica, is refused before anything runs: ${codeList(boundaryErrors)}.
The live stream (every journal event, links and held messages as they change) is Socket.IO on the same port, at \`/socket.io\`; with CLIENT_TOKEN set it needs a token too (\`auth: { token }\` or the Authorization header of its handshake).`;

const tags = [
  { name: "keys", description: "The client API" },
  { name: "reading", description: "Health, state and the journal" },
  {
    name: "faults",
    description: "Fault injection for the lab: links, held messages, mode, reset, crash",
  },
  { name: "peers", description: "Replica to replica" },
];

export function buildOpenApiDocument(): OpenApiDocument {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of apiOperations) {
    paths[operation.path] ??= {};
    const item = paths[operation.path];
    if (item) item[operation.method] = describeOperation(operation);
  }
  return {
    openapi: "3.1.0",
    info: { title: "causal-kv replica", version: "1", description },
    tags,
    paths,
    components: {
      schemas: { ...components(requestSchemas, "input"), ...components(responseSchemas, "output") },
      securitySchemes: {
        clusterSecret: {
          type: "apiKey",
          in: "header",
          name: "x-cluster-secret",
          description: "Required on peer traffic when the cluster runs with CLUSTER_SECRET",
        },
        adminToken: {
          type: "http",
          scheme: "bearer",
          description:
            "ADMIN_TOKEN: required on every /control route when set; opens the client routes too",
        },
        clientToken: {
          type: "http",
          scheme: "bearer",
          description: "CLIENT_TOKEN: required on keys, status, journal and stream when set",
        },
      },
    },
  };
}

/** Who may call, in OpenAPI terms: `{}` is "no credentials", for a replica that sets none. */
const securityOf: Readonly<Record<RouteAccess, readonly JsonSchema[] | undefined>> = {
  peer: [{ clusterSecret: [] }, {}],
  operator: [{ adminToken: [] }, {}],
  client: [{ clientToken: [] }, { adminToken: [] }, {}],
  open: undefined,
};

function describeOperation(operation: ApiOperation): JsonSchema {
  const access = routeAccess(operation.path);
  const security = securityOf[access];
  const credentialErrors: ApiErrorCode[] = access === "open" ? [] : ["unauthorized", "forbidden"];
  const parameters = [
    ...parametersOf(operation.pathParams, "path"),
    ...parametersOf(operation.query, "query"),
    ...(operation.causalContext ? [contextParameter] : []),
  ];
  return {
    operationId: `${operation.method}${operation.path.replace(/\W+(\w)?/g, (_, c = "") => c.toUpperCase())}`,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description === undefined ? {} : { description: operation.description }),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(operation.body === undefined
      ? {}
      : {
          requestBody: {
            required: operation.body.required,
            content: json({ $ref: componentRef(operation.body.schema) }),
          },
        }),
    responses: {
      "200": {
        description: operation.reply.description,
        content: json({ $ref: componentRef(operation.reply.schema) }),
        ...(operation.causalContext ? { headers: { [causalContextHeader]: contextHeader } } : {}),
      },
      ...errorResponses([...credentialErrors, ...operation.errors, "internal"]),
    },
    ...(security === undefined ? {} : { security }),
  };
}

const contextDescription =
  "The client's causal context: an opaque token (base64url of the cluster, the epoch and the clock the client has observed). Send back the one the last answer carried.";

const contextParameter: JsonSchema = {
  name: causalContextHeader,
  in: "header",
  required: false,
  description: contextDescription,
  schema: { type: "string", pattern: "^[A-Za-z0-9_-]+$", maxLength: 8192 },
};

const contextHeader: JsonSchema = {
  description: `${contextDescription} It covers what this answer showed.`,
  schema: { type: "string" },
};

/** One response per status, naming each code it stands for, with an example of each. */
function errorResponses(codes: readonly ApiErrorCode[]): Record<string, JsonSchema> {
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of new Set(codes)) {
    const { status } = apiErrors[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, JsonSchema> = {};
  for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
    const examples = Object.fromEntries(
      group.map((code) => [code, { value: { error: { code, message: apiErrors[code].message } } }]),
    );
    responses[String(status)] = {
      description: group.map((code) => `\`${code}\`: ${apiErrors[code].message}`).join("; "),
      content: {
        "application/json": { schema: { $ref: componentRef("ErrorBody") }, examples },
      },
    };
  }
  return responses;
}

function parametersOf(schema: z.ZodObject | undefined, where: "path" | "query"): JsonSchema[] {
  if (schema === undefined) return [];
  const converted = toJsonSchema(schema);
  const properties = (converted.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(converted.required) ? converted.required : []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    // Path parameters are always required in OpenAPI; query ones when they have no default.
    required: where === "path" || required.has(name),
    schema: property,
  }));
}

function toJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: describeRefinements,
  });
  return rest;
}

function components(
  schemas: Readonly<Record<string, z.ZodType>>,
  io: "input" | "output",
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const converted = z.toJSONSchema(registry, {
    io,
    unrepresentable: "any",
    uri: componentRef,
    override: describeRefinements,
  });
  return Object.fromEntries(
    Object.entries(converted.schemas).map(([id, { $schema: _, $id: __, ...schema }]) => [
      id,
      schema,
    ]),
  );
}

/**
 * zod writes `.refine()` and `z.custom()` rules as a bare type, or nothing: these say in JSON
 * Schema what the protocol checks in code (a value's 1 MiB in UTF-8 is at most that many
 * characters; the exact byte rule is in the description).
 */
function describeRefinements(context: {
  zodSchema: unknown;
  jsonSchema: Record<string, unknown>;
}): void {
  const { zodSchema, jsonSchema } = context;
  if (zodSchema === valueSchema) {
    jsonSchema.maxLength = maxValueBytes;
    jsonSchema.description = `At most ${maxValueBytes} bytes in UTF-8`;
  } else if (zodSchema === replicaIdSchema) {
    jsonSchema.description = "A replica id: a letter, then up to 63 letters, digits, - or _";
  } else if (zodSchema === storeSchema) {
    // Parsed entry by entry (so that any key is one), which JSON Schema cannot see.
    jsonSchema.type = "object";
    jsonSchema.propertyNames = toJsonSchema(keySchema);
    jsonSchema.additionalProperties = { type: "array", items: { $ref: componentRef("Sibling") } };
    jsonSchema.description = "Every key's siblings, keys sorted";
  } else if (zodSchema === writeIdSchema) {
    jsonSchema.type = "string";
    jsonSchema.description = "A write id, `<replica>:<count ≥ 1>`: node1:3 is node1's third write";
  }
}
