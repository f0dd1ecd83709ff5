/**
 * Who may call each route, by its registered path: peers (/replicate and /replicate/state, checked
 * by their own route),
 * the operator (/control/*), clients (keys, status, journal) and anyone (/health, the docs, the
 * CORS preflight, and a 404, which tells nothing).
 */
export type RouteAccess = "peer" | "operator" | "client" | "open";

export function routeAccess(routePath: string | undefined): RouteAccess {
  if (routePath === undefined) return "open";
  if (routePath === "/replicate" || routePath === "/replicate/state") return "peer";
  if (routePath === "/control" || routePath.startsWith("/control/")) return "operator";
  if (routePath === "/status" || routePath === "/events" || routePath.startsWith("/kv/")) {
    return "client";
  }
  return "open";
}
