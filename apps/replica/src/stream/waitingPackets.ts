/**
 * One viewer's packets created but not yet handed to its transport, counted in bytes: the
 * stream's slow-viewer limit is in bytes, as a packet may hold one small event or a large
 * snapshot.
 */
export class WaitingPackets {
  /** Bytes in the waiting packets. */
  bytes = 0;
  private sizes: number[] = [];
  private head = 0;

  created(bytes: number): void {
    this.sizes.push(bytes);
    this.bytes += bytes;
  }

  /** The oldest `packets` left for the transport. */
  sent(packets: number): void {
    for (let i = 0; i < packets && this.head < this.sizes.length; i++) {
      this.bytes -= this.sizes[this.head++] ?? 0;
    }
    if (this.head > 1024) {
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
  }
}

/** A packet's size as engine.io created it: its data as text, or binary attachments. */
export function packetBytes(packet: unknown): number {
  const data =
    typeof packet === "object" && packet !== null && "data" in packet ? packet.data : undefined;
  if (typeof data === "string") return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 1;
}
