/**
 * The URLs the lab can be opened at, as Vite and Next's dev server print them: Local on this
 * machine, Network for others (only when the server listens beyond loopback). PUBLIC_HOST, when
 * set, is the one network URL (a container does not know the address its host is reached by).
 */
import { isIP } from "node:net";
import { type NetworkInterfaceInfo, networkInterfaces } from "node:os";

export interface LabAddresses {
  readonly local: string;
  readonly network: readonly string[];
}

const everyInterface = new Set(["0.0.0.0", "::", "[::]"]);

function isLoopback(address: string): boolean {
  return address === "localhost" || address.startsWith("127.") || address === "::1";
}

function urlOf(host: string, port: number): string {
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

export function labAddresses(
  host: string,
  port: number,
  publicHost: string | undefined,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): LabAddresses {
  const local = urlOf(everyInterface.has(host) || isLoopback(host) ? "localhost" : host, port);
  if (publicHost !== undefined) return { local, network: [urlOf(publicHost, port)] };
  if (isLoopback(host)) return { local, network: [] };
  if (!everyInterface.has(host)) return { local, network: [urlOf(host, port)] };
  const network = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((entry) => entry.family === "IPv4" && !entry.internal)
    .map((entry) => urlOf(entry.address, port));
  return { local, network };
}
