/**
 * Which replica a peer's TLS client certificate names: its subject CN and its DNS subject
 * alternative names. Only a certificate the TLS layer verified against TLS_CA names anyone.
 */
import type { Socket } from "node:net";
import { TLSSocket } from "node:tls";

/** The names a verified peer certificate carries; undefined when there is none. */
export function verifiedPeerNames(socket: Socket): string[] | undefined {
  if (!(socket instanceof TLSSocket) || !socket.authorized) return undefined;
  const certificate = socket.getPeerCertificate();
  if (Object.keys(certificate).length === 0) return undefined;
  const names = new Set<string>();
  const common = certificate.subject?.CN;
  for (const cn of Array.isArray(common) ? common : [common]) if (cn) names.add(cn);
  for (const entry of (certificate.subjectaltname ?? "").split(",")) {
    const match = /^\s*DNS:(.+?)\s*$/.exec(entry);
    if (match?.[1]) names.add(match[1]);
  }
  return [...names];
}
