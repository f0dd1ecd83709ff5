/**
 * One viewer's packets created but not yet handed to its transport, counted in the events they
 * hold: the stream's high-water mark is in events, as a packet may hold one or a thousand.
 */
export class WaitingPackets {
  /** Events in the waiting packets. */
  events = 0;
  private sizes: number[] = [];
  private head = 0;

  created(events: number): void {
    this.sizes.push(events);
    this.events += events;
  }

  /** The oldest `packets` left for the transport. */
  sent(packets: number): void {
    for (let i = 0; i < packets && this.head < this.sizes.length; i++) {
      this.events -= this.sizes[this.head++] ?? 0;
    }
    if (this.head > 1024) {
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
  }
}
