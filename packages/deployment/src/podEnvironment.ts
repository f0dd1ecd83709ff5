/**
 * The environment a container of a given pod starts with, resolved as the kubelet resolves it
 * (literal values, the downward API's metadata.name, ConfigMap and Secret keys), and what a
 * `sh -c '…; exec "$@"'` prefix in its args adds before the real command: that shell really runs.
 */
import { spawnSync } from "node:child_process";
import { type ConfigMap, type Container, nameMatches, type Secret } from "./kubernetesManifests.js";

export interface PodContext {
  podName: string;
  configMaps: readonly ConfigMap[];
  secrets: readonly Secret[];
}

function keyValue(
  sources: readonly (ConfigMap | Secret)[],
  ref: { name: string; key: string; optional?: boolean | undefined },
  decode: (text: string) => string,
): string | undefined {
  const source = sources.find(({ metadata }) => nameMatches(metadata.name, ref.name));
  const value = source?.data[ref.key];
  if (value !== undefined) return decode(value);
  if (ref.optional) return undefined;
  // The kubelet refuses to start such a container (CreateContainerConfigError).
  throw new Error(`${ref.name} has no key ${ref.key}, and the reference is not optional`);
}

/** The container's `env`, resolved; an optional key that is absent leaves its variable unset. */
export function containerEnv(container: Container, pod: PodContext): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { name, value, valueFrom } of container.env) {
    let resolved: string | undefined;
    if (value !== undefined) resolved = value;
    else if (valueFrom?.fieldRef?.fieldPath === "metadata.name") resolved = pod.podName;
    else if (valueFrom?.configMapKeyRef) {
      resolved = keyValue(pod.configMaps, valueFrom.configMapKeyRef, (text) => text);
    } else if (valueFrom?.secretKeyRef) {
      const decode = (text: string) => Buffer.from(text, "base64").toString("utf8");
      resolved = keyValue(pod.secrets, valueFrom.secretKeyRef, decode);
    } else throw new Error(`${name}: a kind of value this check does not resolve`);
    if (resolved !== undefined) env[name] = resolved;
  }
  return env;
}

export interface StartedProcess {
  /** The command the container finally runs. */
  command: string[];
  /** The environment that command sees. */
  env: Record<string, string>;
}

/**
 * What the container runs: its args as they are, or, for `sh -c script name command…`, the command
 * with the environment the script hands it, found by running the script with a stand-in command.
 */
export function startedProcess(
  args: readonly string[],
  env: Record<string, string>,
): StartedProcess {
  const [shell, flag, script, name, ...command] = args;
  if (!shell?.endsWith("sh") || flag !== "-c" || script === undefined || name === undefined) {
    return { command: [...args], env };
  }
  const printEnv = [process.execPath, "-e", "process.stdout.write(JSON.stringify(process.env))"];
  const result = spawnSync(shell, ["-c", script, name, ...printEnv], { env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}`);
  const seen: Record<string, string> = JSON.parse(result.stdout);
  return { command, env: seen };
}
