/**
 * Renders a kustomization with `kubectl kustomize`, exactly as `kubectl apply -k` would, and reads
 * the objects it makes as far as the tests look into them (the rest is left to kubernetesSchema).
 */
import { spawnSync } from "node:child_process";
import { parseAllDocuments } from "yaml";
import { z } from "zod";

const name = z.string().min(1);
const labels = z.record(z.string(), z.string());
const keyRef = z.object({ name, key: name, optional: z.boolean().optional() });
const intOrString = z.union([z.number(), z.string()]);

const envVarSchema = z.object({
  name,
  value: z.string().optional(),
  valueFrom: z
    .object({
      fieldRef: z.object({ fieldPath: z.string() }).optional(),
      configMapKeyRef: keyRef.optional(),
      secretKeyRef: keyRef.optional(),
    })
    .optional(),
});

const probeSchema = z.object({
  httpGet: z.object({
    path: z.string(),
    port: intOrString,
    httpHeaders: z.array(z.object({ name, value: z.string() })).default([]),
  }),
});

const securityContextSchema = z.object({
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  capabilities: z.object({ drop: z.array(z.string()).default([]) }).optional(),
});

const containerSchema = z.object({
  name,
  image: name,
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  env: z.array(envVarSchema).default([]),
  ports: z.array(z.object({ name: z.string().optional(), containerPort: z.number() })).default([]),
  readinessProbe: probeSchema.optional(),
  livenessProbe: probeSchema.optional(),
  resources: z
    .object({
      requests: z.record(z.string(), intOrString).optional(),
      limits: z.record(z.string(), intOrString).optional(),
    })
    .default({}),
  securityContext: securityContextSchema.default({}),
  volumeMounts: z.array(z.object({ name, mountPath: z.string() })).default([]),
});

const podTemplateSchema = z.object({
  metadata: z.object({ labels }),
  spec: z.object({
    securityContext: securityContextSchema.default({}),
    containers: z.array(containerSchema).min(1),
    volumes: z
      .array(
        z.object({ name, emptyDir: z.object({ sizeLimit: z.string().optional() }).optional() }),
      )
      .default([]),
  }),
});

const metadata = z.object({ name, labels: labels.optional() });
const workloadSpec = { selector: z.object({ matchLabels: labels }), template: podTemplateSchema };

export const statefulSetSchema = z.object({
  kind: z.literal("StatefulSet"),
  metadata,
  spec: z.object({
    ...workloadSpec,
    serviceName: name,
    replicas: z.number().int(),
    ordinals: z.object({ start: z.number().int() }).default({ start: 0 }),
    volumeClaimTemplates: z.array(z.object({ metadata: z.object({ name }) })).default([]),
  }),
});

export const deploymentSchema = z.object({
  kind: z.literal("Deployment"),
  metadata,
  spec: z.object({ ...workloadSpec, replicas: z.number().int().default(1) }),
});

export const serviceSchema = z.object({
  kind: z.literal("Service"),
  metadata,
  spec: z.object({
    clusterIP: z.string().optional(),
    publishNotReadyAddresses: z.boolean().optional(),
    selector: labels,
    ports: z.array(
      z.object({ name: z.string().optional(), port: z.number(), targetPort: intOrString }),
    ),
  }),
});

export const podDisruptionBudgetSchema = z.object({
  kind: z.literal("PodDisruptionBudget"),
  metadata,
  spec: z.object({
    maxUnavailable: intOrString.optional(),
    minAvailable: intOrString.optional(),
    selector: z.object({ matchLabels: labels }),
  }),
});

export const configMapSchema = z.object({
  kind: z.literal("ConfigMap"),
  metadata,
  data: z.record(z.string(), z.string()).default({}),
});

export const secretSchema = z.object({
  kind: z.literal("Secret"),
  metadata,
  data: z.record(z.string(), z.string()).default({}),
});

export const ingressSchema = z.object({
  kind: z.literal("Ingress"),
  metadata,
  spec: z.object({
    rules: z.array(
      z.object({
        host: z.string(),
        http: z.object({
          paths: z.array(
            z.object({
              path: z.string(),
              backend: z.object({
                service: z.object({
                  name,
                  port: z.object({ name: z.string().optional(), number: z.number().optional() }),
                }),
              }),
            }),
          ),
        }),
      }),
    ),
  }),
});

export type Container = z.infer<typeof containerSchema>;
export type PodTemplate = z.infer<typeof podTemplateSchema>;
export type Probe = z.infer<typeof probeSchema>;
export type ConfigMap = z.infer<typeof configMapSchema>;
export type Secret = z.infer<typeof secretSchema>;

/** The parts every Kubernetes object has; the rest is kept as it came. */
const objectSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({ name }),
});
export type KubernetesObject = z.infer<typeof objectSchema>;

const kubectlMissing =
  "kubectl is not on PATH: the Kubernetes manifests are rendered with `kubectl kustomize`. " +
  "Install Debian's kubernetes-client package (.ci/run does when kubectl is missing).";

const versionSchema = z.object({
  clientVersion: z.object({ gitVersion: z.string() }),
  kustomizeVersion: z.string().optional(),
});

function kubectl(args: string[]): string {
  const result = spawnSync("kubectl", args, { encoding: "utf8" });
  if (result.error && "code" in result.error && result.error.code === "ENOENT") {
    throw new Error(kubectlMissing);
  }
  if (result.status !== 0) {
    throw new Error(`kubectl ${args.join(" ")} failed:\n${result.stderr || result.error}`);
  }
  return result.stdout;
}

let kustomizeChecked = false;

/**
 * The manifests use kustomize's `replicas` field and components, which the kustomize inside
 * kubectl 1.20 (Debian bookworm's kubernetes-client) does not know: it would fail or, worse,
 * render an overlay without its changes. They are written for and tested with kustomize v5.
 */
function checkKustomize(): void {
  if (kustomizeChecked) return;
  const version = versionSchema.parse(JSON.parse(kubectl(["version", "--client", "-o", "json"])));
  const major = Number(/^v(\d+)\./.exec(version.kustomizeVersion ?? "")?.[1] ?? 0);
  if (major < 5) {
    throw new Error(
      `kubectl ${version.clientVersion.gitVersion} renders with kustomize ` +
        `${version.kustomizeVersion ?? "v2"}; these manifests need kustomize v5 (kubectl 1.27 or later).`,
    );
  }
  kustomizeChecked = true;
}

/** The objects `kubectl kustomize dir` renders. Fails, saying what to install, without kubectl. */
export function renderKustomization(dir: string): KubernetesObject[] {
  checkKustomize();
  return parseAllDocuments(kubectl(["kustomize", dir]))
    .map((document) => document.toJS())
    .filter((document) => document !== null)
    .map((document) => objectSchema.parse(document));
}

/** The one object of `schema`'s kind named `wanted` (or `wanted-` plus a hash), parsed by `schema`. */
export function findObject<T extends z.ZodType>(
  objects: readonly KubernetesObject[],
  schema: T,
  kind: string,
  wanted: string,
): z.infer<T> {
  const found = objects.filter(
    (object) => object.kind === kind && nameMatches(object.metadata.name, wanted),
  );
  const [only, ...more] = found;
  if (only === undefined || more.length > 0) {
    throw new Error(`expected one ${kind} ${wanted}, found ${found.length}`);
  }
  return schema.parse(only);
}

/** Kustomize appends a content hash to generated ConfigMaps and Secrets (`name-5h7c9m2k4t`). */
export function nameMatches(actual: string, wanted: string): boolean {
  return actual === wanted || new RegExp(`^${wanted}-[a-z0-9]{10}$`).test(actual);
}
