// The lab's credentials: ADMIN_TOKEN and CLUSTER_SECRET, as given in the environment or else
// generated at random on first start, kept in `${dataDir}/credentials.json` (mode 0600, readable
// by the CLI) and reused on every later start, so replicas, dashboard and CLI always agree.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where the lab keeps its credentials under its data directory. */
export function credentialsFile(dataDir) {
  return join(dataDir, "credentials.json");
}

/**
 * @param {string} dataDir
 * @param {{ adminToken?: string, clusterSecret?: string }} given
 * @returns {{ adminToken: string, clusterSecret: string }}
 */
export function labCredentials(dataDir, given = {}) {
  const path = credentialsFile(dataDir);
  const stored = readStored(path);
  const credentials = {
    adminToken: given.adminToken || stored.adminToken || randomToken(),
    clusterSecret: given.clusterSecret || stored.clusterSecret || randomToken(),
  };
  if (
    credentials.adminToken !== stored.adminToken ||
    credentials.clusterSecret !== stored.clusterSecret
  ) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  }
  // Whoever made the file, only its owner may read it.
  chmodSync(path, 0o600);
  return credentials;
}

function readStored(path) {
  if (!existsSync(path)) return {};
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${error.message}); fix or remove it`);
  }
  const text = (value) => (typeof value === "string" && value !== "" ? value : undefined);
  return { adminToken: text(parsed?.adminToken), clusterSecret: text(parsed?.clusterSecret) };
}

function randomToken() {
  return randomBytes(32).toString("base64url");
}
