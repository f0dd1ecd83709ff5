"use client";
/**
 * "Share": the address students open, as text and as a QR code. It is the lab's network URL when the
 * server listens beyond loopback (`npm start -- --host`), or this page's own address when that is not
 * a loopback one; a lab only this machine can reach says how to open it to the room instead.
 */
import { useState } from "react";
import { encode } from "uqr";
import type { LabAddresses } from "../server/labAddresses";

function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host.startsWith("127.") || host === "[::1]";
}

/** The address to hand out, best first. */
export function shareUrls(addresses: LabAddresses, page: URL): string[] {
  if (addresses.network.length > 0) return [...addresses.network];
  return isLoopbackHost(page.hostname) ? [] : [page.origin];
}

/** The QR code as one SVG path of unit squares, drawn crisp at any size. */
function QrCode({ text }: { text: string }) {
  const { size, data } = encode(text, { ecc: "M", border: 2 });
  const squares = data.flatMap((row, y) =>
    row.flatMap((dark, x) => (dark ? [`M${x} ${y}h1v1h-1z`] : [])),
  );
  return (
    <svg
      className="share-qr"
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={`QR code of ${text}`}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={squares.join("")} fill="#000" />
    </svg>
  );
}

export function ShareControl({ addresses }: { addresses: LabAddresses }) {
  const [open, setOpen] = useState(false);
  const urls = open ? shareUrls(addresses, new URL(window.location.href)) : [];
  const [first, ...others] = urls;
  return (
    <div className="share">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Share
      </button>
      {open && (
        <section className="share-panel" aria-label="Share the lab">
          {first ? (
            <>
              <p>Students open</p>
              <output className="share-url">{first}</output>
              <QrCode text={first} />
              {others.length > 0 && <p className="share-others">or {others.join(", ")}</p>}
            </>
          ) : (
            <p>
              Only this computer can open the lab ({addresses.local}). To let a class join, start it
              with <code>npm start -- --host</code> (or <code>LAB_HOST=0.0.0.0</code>).
            </p>
          )}
        </section>
      )}
    </div>
  );
}
