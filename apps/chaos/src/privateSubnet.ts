/**
 * Picks the /24 a `--hosts` run owns: one of 10.77.0.0/16 that overlaps no route of this machine
 * (its own networks, another run's bridge), so the run's addresses can only ever reach its own hosts.
 */

interface Prefix {
  readonly address: number;
  readonly length: number;
}

function parsePrefix(text: string): Prefix | undefined {
  const [address = "", length = "32"] = text.split("/");
  const octets = address.split(".").map(Number);
  if (octets.length !== 4 || octets.some((octet) => !(octet >= 0 && octet <= 255))) {
    return undefined;
  }
  const bits = Number(length);
  if (!(bits >= 0 && bits <= 32)) return undefined;
  return {
    address: octets.reduce((sum, octet) => sum * 256 + octet, 0),
    length: bits,
  };
}

/** Two prefixes overlap when they agree on the bits of the shorter one. */
function overlaps(a: Prefix, b: Prefix): boolean {
  const bits = Math.min(a.length, b.length);
  const size = 2 ** (32 - bits);
  return Math.floor(a.address / size) === Math.floor(b.address / size);
}

/**
 * A free `10.77.X.0/24`, given the destinations of every route (`ip -j route show table all`);
 * the default route is a way out, not a network, and is ignored. Undefined when all are taken.
 */
export function choosePrivateSubnet(
  routeDestinations: readonly string[],
  random: () => number,
): string | undefined {
  const taken = routeDestinations
    .filter((destination) => destination !== "default")
    .map(parsePrefix)
    .filter((prefix): prefix is Prefix => prefix !== undefined && prefix.length > 0);
  const start = Math.floor(random() * 256);
  for (let step = 0; step < 256; step++) {
    const third = (start + step) % 256;
    const candidate = `10.77.${third}.0/24`;
    const prefix = parsePrefix(candidate);
    if (prefix && !taken.some((route) => overlaps(route, prefix))) return candidate;
  }
  return undefined;
}

/** The `host`th address of a /24 given as `a.b.c.0/24`: 1 is the bridge, 2… the hosts. */
export function addressIn(subnet: string, host: number): string {
  return `${subnet.split(".").slice(0, 3).join(".")}.${host}`;
}
