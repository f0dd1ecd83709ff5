/**
 * The PEM files of TLS_CERT, TLS_KEY and TLS_CA, read once at start. The server presents the
 * certificate and, with a CA, asks every client for one: browsers and the CLI may have none, so the
 * handshake still succeeds and `/replicate` alone refuses a peer without a certificate the CA signed.
 * The peer transport presents the same certificate and trusts only that CA.
 */
import { readFileSync } from "node:fs";
import type { TlsFiles } from "../replicaConfig.js";

export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly ca?: Buffer | undefined;
}

export function readTlsFiles(files: TlsFiles): TlsMaterial {
  const read = (name: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`cannot read ${name} (${path}): ${String(error)}`);
    }
  };
  return {
    cert: read("TLS_CERT", files.certFile),
    key: read("TLS_KEY", files.keyFile),
    ca: files.caFile === undefined ? undefined : read("TLS_CA", files.caFile),
  };
}

/** Options for https.createServer. */
export function serverTlsOptions(tls: TlsMaterial) {
  return tls.ca === undefined
    ? { cert: tls.cert, key: tls.key }
    : { cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: true, rejectUnauthorized: false };
}
