/** One event's mark on the diagram, drawn in its kind's shape and color. */
import { type EventStyle, pentagonPoints } from "./eventStyle";

export function MarkGlyph({
  x,
  y,
  style,
  size = 7,
}: {
  x: number;
  y: number;
  style: EventStyle;
  size?: number;
}) {
  const { color, shape } = style;
  switch (shape) {
    case "disc":
      return <circle cx={x} cy={y} r={size} fill={color} stroke="#fff" strokeWidth={1.5} />;
    case "ring":
      return <circle cx={x} cy={y} r={size - 1} fill="#fff" stroke={color} strokeWidth={2.5} />;
    case "square":
      return (
        <rect
          x={x - size}
          y={y - size}
          width={size * 2}
          height={size * 2}
          fill={color}
          stroke="#fff"
          strokeWidth={1.5}
        />
      );
    case "triangle":
      return (
        <path
          d={`M${x - size},${y - size} L${x + size},${y} L${x - size},${y + size} Z`}
          fill={color}
          stroke="#fff"
          strokeWidth={1.5}
        />
      );
    case "diamond":
      return (
        <path
          d={`M${x},${y - size - 2} L${x + size + 2},${y} L${x},${y + size + 2} L${x - size - 2},${y} Z`}
          fill={color}
          stroke="#fff"
          strokeWidth={1.5}
        />
      );
    case "pentagon":
      return (
        <polygon
          points={pentagonPoints(x, y, size)
            .map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`)
            .join(" ")}
          fill={color}
          stroke="#fff"
          strokeWidth={1.5}
        />
      );
    case "cross":
      return (
        <path
          d={`M${x - size},${y - size} L${x + size},${y + size} M${x + size},${y - size} L${x - size},${y + size}`}
          stroke={color}
          strokeWidth={3}
          strokeLinecap="round"
        />
      );
  }
}
