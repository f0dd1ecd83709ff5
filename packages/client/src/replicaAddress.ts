/**
 * Where a replica's routes and its Socket.IO stream live under its base URL. A replica behind a
 * reverse proxy has a path prefix (`http://host:8080/replica1/`), and every address keeps it, with
 * or without the trailing slash: resolving "/kv/x" against the base, as `new URL` does, drops it.
 */

/** The base URL's path without trailing slashes: "" for a replica at the root of its host. */
function prefixOf(base: URL): string {
  return base.pathname.replace(/\/+$/, "");
}

/** The URL of one route ("/kv/x", "/events?after=3") of the replica at `base`. */
export function replicaUrl(base: string, route: string): URL {
  const url = new URL(base);
  const query = route.indexOf("?");
  // Set as a path, not resolved as a reference: a prefix starting "//" would name another host.
  url.pathname = prefixOf(url) + (query < 0 ? route : route.slice(0, query));
  url.search = query < 0 ? "" : route.slice(query);
  url.hash = "";
  return url;
}

/**
 * What socket.io-client's `io(url, { path })` needs to reach the replica's stream: the origin (a
 * path in the URL would be taken for a namespace) and the prefix before the `/socket.io` path.
 */
export function replicaStreamAddress(base: string): {
  readonly url: string;
  readonly path: string;
} {
  const url = new URL(base);
  return { url: url.origin, path: `${prefixOf(url)}/socket.io` };
}
