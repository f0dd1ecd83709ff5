/**
 * `GET /docs` (Swagger UI, its assets served from the package, no CDN) and `GET /docs/json` (the
 * OpenAPI document). The document is built from the protocol's schemas, not from route schemas,
 * so the routes keep parsing their input with zod and answering with the error registry.
 */
import swagger, { type StaticDocumentSpec } from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { buildOpenApiDocument } from "../docs/openApiDocument.js";

export const docsPrefix = "/docs";

export function registerDocsRoutes(app: FastifyInstance): void {
  // @fastify/swagger serves any OpenAPI object in static mode, but its types name only 2.0 and
  // 3.0, and JSON Schema 2020-12 (what zod writes) is 3.1's.
  const document = buildOpenApiDocument() as unknown as StaticDocumentSpec["document"];
  app.register(swagger, { mode: "static", specification: { document } });
  app.register(swaggerUi, {
    routePrefix: docsPrefix,
    uiConfig: { docExpansion: "list", deepLinking: true },
    theme: { title: "causal-kv replica API" },
  });
}
