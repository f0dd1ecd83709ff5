/**
 * The kernel side of a `--hosts` run: refuses when the machine lacks root, `ip` or `nft`; removes
 * what dead runs left; makes the run's network, nft table and tc caps; and says where each replica runs
 * (its namespace's address, launched by `ip netns exec`). `close` removes everything it made, and
 * so does the exit handler of each part if the runner dies first.
 */
import { replicaArgs } from "@causal-kv/client/process";
import type { ReplicaPlace } from "./chaosCluster.js";
import { createHostNetwork, type HostNetwork } from "./hostNetwork.js";
import { type Leftovers, removeLeftovers } from "./hostsLeftovers.js";
import { hostsRunNames } from "./hostsRunNames.js";
import { findHostTools } from "./hostTools.js";
import { KernelBandwidth } from "./kernelBandwidth.js";
import { KernelLinkFaults } from "./kernelLinkFaults.js";

/** Each replica has a namespace of its own, so all can listen on the same port. */
const replicaPort = 7000;

/** The machine cannot run `--hosts`; the message names what is missing. */
export class HostsUnavailableError extends Error {}

export interface HostsRun {
  readonly network: HostNetwork;
  readonly kernel: KernelLinkFaults;
  readonly bandwidth: KernelBandwidth;
  /** Where each member runs, in the members' order. */
  readonly places: readonly ReplicaPlace[];
  /** What earlier runs, now gone, had left and this one removed. */
  readonly leftoversRemoved: Leftovers;
  close(): void;
}

export async function openHostsRun(members: readonly string[]): Promise<HostsRun> {
  const tools = findHostTools();
  if ("missing" in tools) throw new HostsUnavailableError(tools.missing);
  const leftoversRemoved = removeLeftovers(tools);
  const names = hostsRunNames(process.pid);
  const network = await createHostNetwork(tools, names, members);
  let kernel: KernelLinkFaults;
  try {
    const addresses = new Map(network.hosts.map(({ id, address }) => [id, address]));
    kernel = await KernelLinkFaults.create(tools, names.table, addresses);
  } catch (error) {
    network.remove();
    throw error;
  }
  const bandwidth = new KernelBandwidth(
    tools,
    new Map(network.hosts.map(({ id, namespace, device }) => [id, { namespace, device }])),
  );
  const places = network.hosts.map(({ namespace, address }) => ({
    host: address,
    port: replicaPort,
    command: {
      command: tools.ip,
      args: ["netns", "exec", namespace, process.execPath, ...replicaArgs],
    },
  }));
  return {
    network,
    kernel,
    bandwidth,
    places,
    leftoversRemoved,
    close: () => {
      kernel.close();
      network.remove();
    },
  };
}
