/**
 * Checks Kubernetes objects against the API's own schemas (the kubernetes-models package), without
 * a cluster. The schemas let unknown fields through, as the API server does with a warning while
 * dropping them, so a misspelt `readOnlyRootFileSystem` would pass: every field the schema's
 * validator never reads is reported as well.
 */

import { validate as validateDeployment } from "kubernetes-models/_schemas/IoK8sApiAppsV1Deployment";
import { validate as validateStatefulSet } from "kubernetes-models/_schemas/IoK8sApiAppsV1StatefulSet";
import { validate as validateConfigMap } from "kubernetes-models/_schemas/IoK8sApiCoreV1ConfigMap";
import { validate as validateSecret } from "kubernetes-models/_schemas/IoK8sApiCoreV1Secret";
import { validate as validateService } from "kubernetes-models/_schemas/IoK8sApiCoreV1Service";
import { validate as validateIngress } from "kubernetes-models/_schemas/IoK8sApiNetworkingV1Ingress";
import { validate as validatePdb } from "kubernetes-models/_schemas/IoK8sApiPolicyV1PodDisruptionBudget";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Secret, Service } from "kubernetes-models/v1";
import type { KubernetesObject } from "./kubernetesManifests.js";

interface Kind {
  /** An empty model, whose validate() throws a readable error for what is filled into it. */
  model: () => { validate(): void };
  /** The same schema's compiled validator, which reads exactly the fields the schema knows. */
  validate: (data: unknown) => boolean;
}

const kinds: Record<string, Kind> = {
  "apps/v1 StatefulSet": { model: () => new StatefulSet(), validate: validateStatefulSet },
  "apps/v1 Deployment": { model: () => new Deployment(), validate: validateDeployment },
  "v1 Service": { model: () => new Service(), validate: validateService },
  "v1 ConfigMap": { model: () => new ConfigMap(), validate: validateConfigMap },
  "v1 Secret": { model: () => new Secret(), validate: validateSecret },
  "policy/v1 PodDisruptionBudget": {
    model: () => new PodDisruptionBudget(),
    validate: validatePdb,
  },
  "networking.k8s.io/v1 Ingress": { model: () => new Ingress(), validate: validateIngress },
};

/** `value` behind proxies that record the path of every own property read (`/spec/replicas`). */
function recordReads(value: unknown, path: string, read: Set<string>): unknown {
  if (value === null || typeof value !== "object") return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key !== "string" || !Object.hasOwn(target, key)) {
        return Reflect.get(target, key, receiver);
      }
      read.add(`${path}/${key}`);
      return recordReads(Reflect.get(target, key, receiver), `${path}/${key}`, read);
    },
  });
}

/** Every field path in `value`, parents before children. */
function fieldPaths(value: unknown, path = ""): string[] {
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) => [
    `${path}/${key}`,
    ...fieldPaths(item, `${path}/${key}`),
  ]);
}

/** What is wrong with `object` by its API schema, one line each; empty when it is valid. */
export function schemaProblems(object: KubernetesObject): string[] {
  const where = `${object.kind} ${object.metadata.name}`;
  const kind = kinds[`${object.apiVersion} ${object.kind}`];
  if (!kind) return [`${where}: no schema here for ${object.apiVersion} ${object.kind}`];
  try {
    Object.assign(kind.model(), object).validate();
  } catch (error) {
    return [`${where}: ${error instanceof Error ? error.message : String(error)}`];
  }
  const read = new Set<string>();
  kind.validate(recordReads(object, "", read));
  const parent = (path: string) => path.slice(0, path.lastIndexOf("/"));
  // Only the outermost unknown field: what lies below it was never looked at either.
  return fieldPaths(object)
    .filter((path) => !read.has(path) && (parent(path) === "" || read.has(parent(path))))
    .map((path) => `${where}: ${path} is not a field of ${object.apiVersion} ${object.kind}`);
}
