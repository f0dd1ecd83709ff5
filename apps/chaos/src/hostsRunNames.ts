/**
 * The names of everything one `--hosts` run creates in the kernel, all starting `ckv<pid>` (the
 * runner's process id), so a later run can tell whose a leftover is and whether its owner is gone.
 * Interface names stay within the kernel's 15 characters: `ckv` + at most 7 digits + 3.
 */

export interface HostsRunNames {
  readonly prefix: string;
  readonly bridge: string;
  /** The nft table (bridge family) holding the run's partitions and losses. */
  readonly table: string;
  namespace(host: number): string;
  /** The veth end on the bridge, in the root namespace. */
  bridgePort(host: number): string;
  /** The veth end inside the host's namespace. */
  hostPort(host: number): string;
}

export function hostsRunNames(pid: number): HostsRunNames {
  const prefix = `ckv${pid}`;
  return {
    prefix,
    bridge: `${prefix}br`,
    table: prefix,
    namespace: (host) => `${prefix}n${host}`,
    bridgePort: (host) => `${prefix}v${host}`,
    hostPort: (host) => `${prefix}p${host}`,
  };
}

/** The process id a run's name carries, or undefined for a name no run made. */
export function ownerOf(name: string): number | undefined {
  const match = /^ckv(\d{1,7})(?:br|[nvp]\d+)?$/.exec(name);
  return match ? Number(match[1]) : undefined;
}
