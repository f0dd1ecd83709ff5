/**
 * The Kubernetes manifests, checked without a cluster: every kustomization renders with kubectl,
 * every object is valid by the API's schemas, and the wiring holds for each replica count: pod N is
 * nodeN and PEERS lists every pod at its stable DNS name, probes and Services reach the port the
 * process listens on, data lives on each pod's own volume, credentials come from the Secret, and
 * everything runs unprivileged on a read-only root.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { envValues, execForm, finalStage, parseDockerfile } from "./dockerfile.js";
import { renderExampleSecret } from "./exampleSecret.js";
import {
  type Container,
  configMapSchema,
  deploymentSchema,
  findObject,
  type PodTemplate,
  type Probe,
  podDisruptionBudgetSchema,
  renderKustomization,
  serviceSchema,
  statefulSetSchema,
} from "./kubernetesManifests.js";
import { schemaProblems } from "./kubernetesSchema.js";
import { containerEnv, startedProcess } from "./podEnvironment.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const read = (path: string) => readFileSync(join(root, path), "utf8");
const kubernetes = join(root, "deploy/kubernetes");
const scratch = mkdtempSync(join(tmpdir(), "causal-kv-kubernetes-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const example = renderExampleSecret(join(kubernetes, "secret"), scratch);
const { secret, credentials } = example;

const overlays = readdirSync(join(kubernetes, "overlays")).map((name) => `overlays/${name}`);
const counts: [string, number][] = [
  [".", 3],
  ["overlays/five", 5],
];

const replicaReads = new Set(
  [...read("apps/replica/src/env.ts").matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm)].map(([, name]) => name),
);
const webEnv = read("apps/web/src/env.ts");
const webReads = new Set(
  [...webEnv.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map(([, n]) => n),
);
/** The variable by which the dashboard's server learns where each replica is. */
const replicaUrlsName = /process\.env\.([A-Z_]*REPLICA[A-Z_]*URLS)\b/.exec(webEnv)?.[1];
/** Next's own variables the manifests set (the existing compose test traces each to Next's code). */
const nextReads = new Set(["HOSTNAME", "PORT", "NODE_ENV", "NEXT_TELEMETRY_DISABLED"]);
/**
 * The security contract's credentials, set here ahead of the replica and dashboard code that reads
 * them (wip/security and wip/frontdoor); once that lands, env.ts reads them and this can go.
 */
const contractCredentials = new Set(["ADMIN_TOKEN", "CLIENT_TOKEN"]);

const imageCommand = (file: string) => {
  const final = finalStage(parseDockerfile(read(file)));
  const cmd = final.instructions.find(({ keyword }) => keyword === "CMD");
  const command = execForm(cmd?.value ?? "") ?? [];
  return { command, workdir: cmd?.workdir ?? "/", env: envValues(final) };
};

const onlyContainer = (template: PodTemplate): Container => {
  const [container, ...more] = template.spec.containers;
  if (!container || more.length > 0) throw new Error("expected one container per pod");
  return container;
};

/** The container port a probe or Service names, by name or number. */
const portOf = (container: Container, port: string | number) =>
  container.ports.find((p) => p.name === port || p.containerPort === port)?.containerPort;

const probes = (container: Container): Probe[] =>
  [container.readinessProbe, container.livenessProbe].filter((probe) => probe !== undefined);

const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

const parsePeers = (text: string) =>
  Object.fromEntries(
    text
      .split(",")
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );

describe("the kustomizations", () => {
  it("are the base and one overlay per replica count, N = 3 and N = 5 among them", () => {
    expect(counts.map(([dir]) => dir)).toEqual([".", ...overlays]);
  });
});

describe.each(counts)("deploy/kubernetes/%s", (dir, count) => {
  const objects = renderKustomization(join(kubernetes, dir));
  const configMaps = objects
    .filter(({ kind }) => kind === "ConfigMap")
    .map((o) => configMapSchema.parse(o));
  const context = { configMaps, secrets: [secret] };
  const replicas = findObject(objects, statefulSetSchema, "StatefulSet", "causal-kv-replica");
  const headless = findObject(objects, serviceSchema, "Service", replicas.spec.serviceName);
  const replica = onlyContainer(replicas.spec.template);
  const pods = Array.from({ length: replicas.spec.replicas }, (_, i) => {
    const podName = `${replicas.metadata.name}-${replicas.spec.ordinals.start + i}`;
    const env = containerEnv(replica, { ...context, podName });
    return { podName, ...startedProcess(replica.args ?? [], env) };
  });
  const dashboards = findObject(objects, deploymentSchema, "Deployment", "causal-kv-dashboard");
  const dashboard = onlyContainer(dashboards.spec.template);
  const dashboardEnv = containerEnv(dashboard, { ...context, podName: "causal-kv-dashboard-x" });

  it("is valid by the Kubernetes API schemas, every field one the API knows", () => {
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  it(`runs ${count} replicas, pod causal-kv-replica-N as nodeN, each in PEERS at its own DNS name`, () => {
    expect(replicas.spec.replicas).toBe(count);
    const ids = pods.map(({ env }) => env.REPLICA_ID);
    expect(ids).toEqual(Array.from({ length: count }, (_, i) => `node${i + 1}`));
    for (const { podName, env } of pods) {
      const peers = parsePeers(env.PEERS ?? "");
      expect(Object.keys(peers)).toEqual(ids);
      expect(peers[env.REPLICA_ID ?? ""]).toBe(
        `http://${podName}.${headless.metadata.name}:${env.PORT}`,
      );
    }
  });

  it("starts the image's own command under the image's entry point, so tini stays PID 1", () => {
    expect(replica.command).toBeUndefined();
    for (const { command } of pods)
      expect(command).toEqual(imageCommand("Dockerfile.node").command);
  });

  it("listens on every interface at the port its probes (/health), Service and PEERS use", () => {
    for (const { env } of pods) {
      expect(env.HOST).toBe("0.0.0.0");
      expect(portOf(replica, "http")).toBe(Number(env.PORT));
    }
    expect(probes(replica)).toHaveLength(2);
    for (const { httpGet } of probes(replica)) {
      expect(httpGet.path).toBe("/health");
      expect(portOf(replica, httpGet.port)).toBe(Number(pods[0]?.env.PORT));
      // The kubelet would send the pod's IP as Host, which the replica refuses.
      for (const header of httpGet.httpHeaders)
        expect(header).toEqual({ name: "Host", value: "127.0.0.1" });
    }
    expect(headless.spec.clusterIP).toBe("None");
    expect(headless.spec.publishNotReadyAddresses).toBe(true);
    expect(selects(headless.spec.selector, replicas.spec.template.metadata.labels)).toBe(true);
    for (const { port, targetPort } of headless.spec.ports) {
      expect([port, portOf(replica, targetPort)]).toEqual([Number(pods[0]?.env.PORT), port]);
    }
  });

  it("keeps each replica's database on its own volume at DATA_DIR, every other writable path an emptyDir", () => {
    const claims = replicas.spec.volumeClaimTemplates.map(({ metadata }) => metadata.name);
    const dataMount = replica.volumeMounts.find(
      ({ mountPath }) => mountPath === pods[0]?.env.DATA_DIR,
    );
    expect(claims).toEqual([dataMount?.name]);
    const emptyDirs = replicas.spec.template.spec.volumes.filter(({ emptyDir }) => emptyDir);
    const others = replica.volumeMounts
      .filter((mount) => mount !== dataMount)
      .map(({ name }) => name);
    expect(others).toEqual(emptyDirs.map(({ name }) => name));
  });

  it("takes the credentials from the Secret deploy/kubernetes/secret makes", () => {
    for (const { env } of pods) {
      expect(env.CLUSTER_SECRET).toBe(credentials.CLUSTER_SECRET);
      expect(env.ADMIN_TOKEN).toBe(credentials.ADMIN_TOKEN);
    }
    expect(dashboardEnv.ADMIN_TOKEN).toBe(credentials.ADMIN_TOKEN);
    const secretRefs = [...replica.env, ...dashboard.env].flatMap(({ valueFrom }) =>
      valueFrom?.secretKeyRef ? [valueFrom.secretKeyRef] : [],
    );
    for (const { name, key, optional } of secretRefs) {
      expect(name).toBe(secret.metadata.name);
      expect(optional ? example.optional : example.required).toContain(key);
    }
  });

  it("lets a voluntary disruption take one replica at a time", () => {
    const budget = findObject(
      objects,
      podDisruptionBudgetSchema,
      "PodDisruptionBudget",
      "causal-kv-replica",
    );
    expect(budget.spec.maxUnavailable).toBe(1);
    expect(selects(budget.spec.selector.matchLabels, replicas.spec.template.metadata.labels)).toBe(
      true,
    );
  });

  it("gives the replica only variables the replica reads (POD_NAME feeds the id)", () => {
    const script = replica.args?.[2] ?? "";
    const scriptReads = new Set(
      [...script.matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)].map(([, name]) => name),
    );
    const names = replica.env.map(({ name }) => name);
    expect(
      names.filter(
        (n) => !replicaReads.has(n) && !scriptReads.has(n) && !contractCredentials.has(n),
      ),
    ).toEqual([]);
    expect(scriptReads).toEqual(new Set(["POD_NAME"]));
  });

  it("points the dashboard's server at every replica's PEERS address", () => {
    expect(replicaUrlsName).toBeDefined();
    expect(dashboardEnv[replicaUrlsName ?? ""]).toBe(pods[0]?.env.PEERS);
    const names = dashboard.env.map(({ name }) => name);
    expect(
      names.filter((n) => !webReads.has(n) && !nextReads.has(n) && !contractCredentials.has(n)),
    ).toEqual([]);
  });

  it("serves the dashboard on the image's bind address, at the port its probes and Service use", () => {
    const image = imageCommand("Dockerfile.web");
    expect(dashboard.command ?? dashboard.args).toBeUndefined();
    // Kubernetes sets HOSTNAME to the pod's name, over the image's value.
    expect(dashboardEnv.HOSTNAME).toBe(image.env.get("HOSTNAME"));
    expect(portOf(dashboard, "http")).toBe(Number(dashboardEnv.PORT));
    expect(probes(dashboard)).toHaveLength(2);
    for (const { httpGet } of probes(dashboard)) {
      expect(portOf(dashboard, httpGet.port)).toBe(Number(dashboardEnv.PORT));
    }
    const service = findObject(objects, serviceSchema, "Service", "causal-kv-dashboard");
    expect(selects(service.spec.selector, dashboards.spec.template.metadata.labels)).toBe(true);
    for (const { targetPort } of service.spec.ports) {
      expect(portOf(dashboard, targetPort)).toBe(Number(dashboardEnv.PORT));
    }
    // Next writes its cache beside the server it runs; that is the one writable place it needs.
    const server = posix.resolve(image.workdir, image.command[1] ?? "");
    const mounts = dashboard.volumeMounts.map(({ mountPath }) => mountPath);
    expect(mounts).toContain(posix.join(dirname(server), ".next/cache"));
  });

  it.each(["replica", "dashboard"])(
    "runs the %s unprivileged on a read-only root, with requests and limits",
    (which) => {
      const template = which === "replica" ? replicas.spec.template : dashboards.spec.template;
      const container = onlyContainer(template);
      expect(template.spec.securityContext.runAsNonRoot).toBe(true);
      expect(template.spec.securityContext.runAsUser).toBeGreaterThan(0);
      expect(container.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
      });
      const emptyDirs = template.spec.volumes
        .filter(({ emptyDir }) => emptyDir)
        .map(({ name }) => name);
      expect(container.volumeMounts.map(({ name }) => name)).toEqual(
        expect.arrayContaining(emptyDirs),
      );
      for (const resources of [container.resources.requests, container.resources.limits]) {
        expect(Object.keys(resources ?? {}).sort()).toEqual(["cpu", "memory"]);
      }
    },
  );
});
