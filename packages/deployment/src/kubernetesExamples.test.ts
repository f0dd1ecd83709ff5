/**
 * The pieces of deploy/kubernetes applied apart from the manifests: the Secret's generator, fed
 * from a credentials file that never enters git or an image, and the dashboard's Ingress component.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { isIgnored, parseDockerIgnore } from "./dockerIgnore.js";
import { renderExampleSecret, secretName } from "./exampleSecret.js";
import {
  findObject,
  ingressSchema,
  renderKustomization,
  serviceSchema,
} from "./kubernetesManifests.js";
import { schemaProblems } from "./kubernetesSchema.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");
const scratch = mkdtempSync(join(tmpdir(), "causal-kv-kubernetes-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("deploy/kubernetes/secret", () => {
  const example = renderExampleSecret(join(root, "deploy/kubernetes/secret"), scratch);

  it("makes the Secret the manifests name, holding each key its example asks for", () => {
    expect(example.objects.flatMap(schemaProblems)).toEqual([]);
    expect(example.secret.metadata.name).toBe(secretName);
    expect(example.required).toEqual(["CLUSTER_SECRET", "ADMIN_TOKEN"]);
    const decoded = Object.fromEntries(
      Object.entries(example.secret.data).map(([key, value]) => [
        key,
        Buffer.from(value, "base64").toString("utf8"),
      ]),
    );
    expect(decoded).toEqual(example.credentials);
  });

  it("reads credentials.env, which neither git nor a Docker build takes", () => {
    const path = "deploy/kubernetes/secret/credentials.env";
    expect(read(".gitignore").split("\n")).toContain(path);
    expect(isIgnored(path, parseDockerIgnore(read(".dockerignore")))).toBe(true);
  });
});

describe("deploy/kubernetes/components/ingress", () => {
  // The component added to the base, as an overlay would add it.
  const dir = join(scratch, "ingress");
  mkdirSync(dir);
  const from = (path: string) => relative(dir, join(root, path));
  writeFileSync(
    join(dir, "kustomization.yaml"),
    `resources: [${from("deploy/kubernetes/base")}]\ncomponents: [${from("deploy/kubernetes/components/ingress")}]\n`,
  );
  const objects = renderKustomization(dir);

  it("routes a host name to the dashboard's Service", () => {
    expect(objects.flatMap(schemaProblems)).toEqual([]);
    const ingress = findObject(objects, ingressSchema, "Ingress", "causal-kv-dashboard");
    const service = findObject(objects, serviceSchema, "Service", "causal-kv-dashboard");
    const backends = ingress.spec.rules.flatMap(({ http }) =>
      http.paths.map(({ backend }) => backend.service),
    );
    expect(backends).toEqual([
      { name: service.metadata.name, port: { name: service.spec.ports[0]?.name } },
    ]);
  });
});
