/**
 * The frames of the viewer that never reads are what RFC 6455 asks of a client (masked, text,
 * short). That replicas take it as a viewer is shown by the soak (runChaos.test.ts).
 */
import { describe, expect, it } from "vitest";
import { textFrame } from "./silentViewer.js";

describe("textFrame", () => {
  it("masks a short text frame as a client must", () => {
    const frame = textFrame('42["resync"]');
    expect(frame[0]).toBe(0x81);
    expect((frame[1] ?? 0) & 0x80).toBe(0x80);
    const length = (frame[1] ?? 0) & 0x7f;
    expect(length).toBe(12);
    const mask = frame.subarray(2, 6);
    const payload = Buffer.from(frame.subarray(6).map((byte, i) => byte ^ (mask[i % 4] ?? 0)));
    expect(payload.toString()).toBe('42["resync"]');
    expect(() => textFrame("x".repeat(126))).toThrow(/short frames/);
  });
});
