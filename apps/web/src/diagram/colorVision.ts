/**
 * How a colour looks with a colour-vision deficiency (Machado, Oliveira & Fernandes 2009, severity
 * 1.0, in linear RGB) and how far apart two colours look (CIELAB ΔE*ab), so the palette can be
 * checked for protanopia, deuteranopia and tritanopia by a test rather than by eye.
 */

export type Deficiency = "protanopia" | "deuteranopia" | "tritanopia";
type Rgb = readonly [number, number, number];
type Matrix = readonly [Rgb, Rgb, Rgb];

const machado: Readonly<Record<Deficiency, Matrix>> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

export function parseHex(hex: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`${hex} is not a #rrggbb colour`);
  return [1, 2, 3].map((i) => Number.parseInt(match[i] ?? "0", 16) / 255) as unknown as Rgb;
}

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const clamp01 = (c: number) => Math.min(1, Math.max(0, c));

/** The colour as seen with `deficiency`, as linear RGB. */
export function simulate(hex: string, deficiency?: Deficiency): Rgb {
  const linear = parseHex(hex).map(toLinear) as unknown as Rgb;
  if (!deficiency) return linear;
  const m = machado[deficiency];
  return m.map((row) =>
    clamp01(row[0] * linear[0] + row[1] * linear[1] + row[2] * linear[2]),
  ) as unknown as Rgb;
}

/** CIELAB (D65) of a linear-RGB colour. */
export function lab([r, g, b]: Rgb): Rgb {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** ΔE*ab between two colours as seen with `deficiency` (or normal vision). */
export function perceivedDistance(a: string, b: string, deficiency?: Deficiency): number {
  const [l1, a1, b1] = lab(simulate(a, deficiency));
  const [l2, a2, b2] = lab(simulate(b, deficiency));
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}
