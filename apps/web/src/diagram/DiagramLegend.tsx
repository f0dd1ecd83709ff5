/** What each mark, bar and halo on the diagram means, drawn with the same glyphs. */
import { bufferColor, coneColors, eventStyles, heldColor, violationColor } from "./eventStyle";
import { MarkGlyph } from "./MarkGlyph";

export function DiagramLegend() {
  return (
    <ul className="legend" aria-label="Legend">
      {Object.entries(eventStyles)
        .filter(([type]) => type !== "restart" && type !== "catch-up")
        .map(([type, style]) => (
          <li key={type}>
            <svg width={18} height={18} aria-hidden="true">
              <MarkGlyph x={9} y={9} style={style} size={6} />
            </svg>
            {style.label}
          </li>
        ))}
      <li>
        <svg width={22} height={18} aria-hidden="true">
          <rect x={1} y={5} width={20} height={8} fill={bufferColor} opacity={0.75} />
        </svg>
        time in buffer
      </li>
      <li>
        <svg width={18} height={18} aria-hidden="true">
          <circle cx={9} cy={9} r={8} fill={coneColors.past} opacity={0.7} />
        </svg>
        causal past
      </li>
      <li>
        <svg width={18} height={18} aria-hidden="true">
          <rect x={1} y={1} width={16} height={16} fill={coneColors.future} opacity={0.7} />
        </svg>
        causal future
      </li>
      <li>
        <svg width={18} height={18} aria-hidden="true">
          <ViolationGlyph x={9} y={9} r={7} />
        </svg>
        violation
      </li>
      <li>
        <svg width={18} height={18} aria-hidden="true">
          <HeldGlyph x={9} y={9} />
        </svg>
        held
      </li>
    </ul>
  );
}

/** A dashed octagon: a violation differs from every other mark by shape, not only by red. */
export function ViolationGlyph({ x, y, r }: { x: number; y: number; r: number }) {
  const points = Array.from({ length: 8 }, (_, i) => {
    const a = Math.PI / 8 + (i * Math.PI) / 4;
    return `${(x + r * Math.cos(a)).toFixed(1)},${(y + r * Math.sin(a)).toFixed(1)}`;
  }).join(" ");
  return (
    <polygon
      points={points}
      fill="none"
      stroke={violationColor}
      strokeWidth={2.5}
      strokeDasharray="4 2"
    />
  );
}

/** A pause sign: the message waits on its link until someone releases or drops it. */
export function HeldGlyph({ x, y }: { x: number; y: number }) {
  return (
    <g>
      <rect
        x={x - 8}
        y={y - 8}
        width={16}
        height={16}
        rx={3}
        fill="#fff"
        stroke={heldColor}
        strokeWidth={2}
      />
      <rect x={x - 4} y={y - 4.5} width={2.6} height={9} fill={heldColor} />
      <rect x={x + 1.4} y={y - 4.5} width={2.6} height={9} fill={heldColor} />
    </g>
  );
}
