/**
 * The network of one `--hosts` run: a bridge holding the first address of the run's private /24 in
 * the root namespace (where the chaos driver runs), and one network namespace per replica joined to
 * it by a veth pair, with the next addresses. The hosts have no route but their /24, so nothing they
 * send leaves the run's own network. Whatever ends the runner, the exit handler removes it all.
 */
import { execFileSync } from "node:child_process";
import type { HostsRunNames } from "./hostsRunNames.js";
import type { HostTools } from "./hostTools.js";
import { runTool } from "./hostTools.js";
import { addressIn, choosePrivateSubnet } from "./privateSubnet.js";

export interface NetworkHost {
  /** The replica that runs there. */
  readonly id: string;
  readonly namespace: string;
  /** Its end of the veth pair, inside the namespace. */
  readonly device: string;
  readonly address: string;
}

export interface HostNetwork {
  readonly subnet: string;
  readonly bridgeAddress: string;
  readonly hosts: readonly NetworkHost[];
  /** Deletes the namespaces, veth pairs and bridge; synchronous, so it can run on exit. */
  remove(): void;
}

/** Deletes, ignoring what is already gone: removal must finish even after a half-made setup. */
function deleteQuietly(tool: string, args: readonly string[]): void {
  try {
    execFileSync(tool, [...args], { stdio: "ignore" });
  } catch {
    // Already gone, or never made.
  }
}

/** Removes the kernel objects of a run with `size` hosts; what does not exist is skipped. */
export function removeHostNetwork(tools: HostTools, names: HostsRunNames, size: number): void {
  for (let host = 1; host <= size; host++) {
    // Deleting one end of a veth pair deletes both, even while a dying process holds the namespace.
    deleteQuietly(tools.ip, ["link", "del", names.bridgePort(host)]);
    deleteQuietly(tools.ip, ["netns", "del", names.namespace(host)]);
  }
  deleteQuietly(tools.ip, ["link", "del", names.bridge]);
}

async function routeDestinations(tools: HostTools): Promise<string[]> {
  const routes: unknown = JSON.parse(
    (await runTool(tools.ip, ["-j", "-4", "route", "show", "table", "all"])) || "[]",
  );
  if (!Array.isArray(routes)) return [];
  return routes.flatMap((route: { dst?: unknown }) =>
    typeof route.dst === "string" ? [route.dst] : [],
  );
}

/** One host per member, in the members' order. */
export async function createHostNetwork(
  tools: HostTools,
  names: HostsRunNames,
  members: readonly string[],
): Promise<HostNetwork> {
  const size = members.length;
  const subnet = choosePrivateSubnet(await routeDestinations(tools), Math.random);
  if (!subnet) throw new Error("--hosts found no free /24 in 10.77.0.0/16 on this machine");
  const bridgeAddress = addressIn(subnet, 1);
  const hosts = members.map((id, i) => ({
    id,
    namespace: names.namespace(i + 1),
    device: names.hostPort(i + 1),
    address: addressIn(subnet, i + 2),
  }));
  const remove = () => {
    process.off("exit", remove);
    removeHostNetwork(tools, names, size);
  };
  process.on("exit", remove);
  const ip = (...args: string[]) => runTool(tools.ip, args);
  try {
    await ip("link", "add", names.bridge, "type", "bridge");
    await ip("addr", "add", `${bridgeAddress}/24`, "dev", names.bridge);
    await ip("link", "set", names.bridge, "up");
    for (const [i, host] of hosts.entries()) {
      const outside = names.bridgePort(i + 1);
      const inside = host.device;
      await ip("netns", "add", host.namespace);
      await ip("link", "add", outside, "type", "veth", "peer", "name", inside);
      await ip("link", "set", inside, "netns", host.namespace);
      await ip("link", "set", outside, "master", names.bridge, "up");
      await ip("-n", host.namespace, "addr", "add", `${host.address}/24`, "dev", inside);
      await ip("-n", host.namespace, "link", "set", inside, "up");
      await ip("-n", host.namespace, "link", "set", "lo", "up");
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { subnet, bridgeAddress, hosts, remove };
}
