/**
 * fast-check generators of the headers of requests to a replica: the cluster secret, tokens (right,
 * wrong, the client's where the admin's is needed), browser origins (the allowed one, others, and
 * forgeries of it), Host names (loopback, and those of DNS-rebinding pages); and which of those the
 * replica must refuse whatever the request's route and body.
 */
import fc from "fast-check";
import type { FuzzCluster } from "./fuzzBodies.testkit.js";
import type { RouteAccess } from "./security/routeAccess.js";

/** Origins a browser might send: the allowed one, and others made to look like it. */
function origins(cluster: FuzzCluster) {
  const allowed = cluster.allowedOrigin;
  const { host } = new URL(allowed);
  return fc.constantFrom(
    allowed,
    allowed,
    "null",
    "http://elsewhere",
    `${allowed}.evil.example`,
    `https://${host}`,
    `${allowed}:80`,
    `${allowed}/`,
    allowed.toUpperCase(),
    `${allowed}, http://elsewhere`,
    "http://127.0.0.1",
  );
}

/** Host headers: right ones (loopback names) and names a DNS-rebinding page would send. */
const hosts = fc.constantFrom(
  "localhost",
  "127.0.0.1:1",
  "[::1]",
  "evil.example",
  "127.0.0.1.evil.example",
  "localhost.evil.example:5001",
);

function authorizations(cluster: FuzzCluster) {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(`Bearer ${cluster.adminToken}`) },
    { weight: 3, arbitrary: fc.constant(`Bearer ${cluster.clientToken}`) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "Bearer wrong",
        `Bearer ${cluster.adminToken}x`,
        `Basic ${Buffer.from(`admin:${cluster.adminToken}`).toString("base64")}`,
        `bearer ${cluster.adminToken}`,
        `Bearer  ${cluster.clientToken} `,
        "Bearer",
        `Bearer ${cluster.adminToken.slice(0, -1)}`,
      ),
    },
  );
}

export function extraHeaders(cluster: FuzzCluster) {
  /** Present in `chance` of the requests. */
  const header = (values: fc.Arbitrary<string>, chance: number) =>
    fc.oneof(
      { weight: Math.round(chance * 10), arbitrary: values },
      { weight: Math.round((1 - chance) * 10), arbitrary: fc.constant(undefined) },
    );
  return fc
    .record({
      // Usually right, so that peer traffic gets past the secret and on to its body.
      "x-cluster-secret": header(
        fc.oneof(
          { weight: 4, arbitrary: fc.constant(cluster.secret) },
          { weight: 1, arbitrary: fc.constantFrom("wrong", "", cluster.secret.repeat(50)) },
        ),
        0.8,
      ),
      // Usually present, so that requests get past the credentials and on to their routes.
      authorization: header(authorizations(cluster), 0.9),
      origin: header(origins(cluster), 0.2),
      host: header(hosts, 0.1),
      accept: header(
        fc.constantFrom("application/json", "text/html", "*/*", "application/x-yaml"),
        0.2,
      ),
      "content-encoding": header(fc.constantFrom("gzip", "identity", "br", "deflate"), 0.1),
      "access-control-request-method": header(fc.constantFrom("PUT", "DELETE"), 0.1),
      "x-forwarded-for": header(fc.constantFrom("1.2.3.4", "not an address"), 0.1),
    })
    .map((headers) => {
      const present: Record<string, string> = {};
      for (const [name, value] of Object.entries(headers))
        if (value !== undefined) present[name] = value;
      return present;
    });
}

/**
 * Whether the browser boundary or the credentials must refuse a request, whatever its route does:
 * `access` is that of the route the request matches, when the generator knows it.
 */
export function crossesBoundary(
  cluster: FuzzCluster,
  path: string,
  headers: Readonly<Record<string, string>>,
  access: RouteAccess | undefined,
): boolean {
  const host = headers.host;
  const bareHost = host?.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");
  const loopback = bareHost === "localhost" || bareHost === "::1" || bareHost === "127.0.0.1";
  if (host !== undefined && !loopback && path.split("?")[0] !== "/health") return true;
  const origin = headers.origin;
  if (origin !== undefined && origin !== cluster.allowedOrigin) return true;
  // The scheme's case does not matter (RFC 9110): "bearer x" is a bearer token too.
  const token = /^bearer +(\S+) *$/i.exec(headers.authorization ?? "")?.[1];
  if (access === "operator") return token !== cluster.adminToken;
  if (access === "client") return token !== cluster.adminToken && token !== cluster.clientToken;
  return false;
}
