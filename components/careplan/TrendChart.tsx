import type { GoalTrend } from '@/lib/careplan/trend';

interface TrendChartProps {
  /** What is measured, e.g. "AUDIT-C". */
  label: string;
  trend: GoalTrend;
  /** The goal's target score (drawn as a dashed line), if any. */
  target?: number;
  /** The instrument's score range, so charts of one instrument share a scale. */
  range: { min: number; max: number };
}

const W = 220;
const H = 64;
const PAD = 6;

/**
 * Repeated scores as a small line chart (inline SVG, no library), with the goal's target as a
 * dashed line. The figures are also in the text beside it, so the chart is never the only way to
 * read them.
 */
export function TrendChart({ label, trend, target, range }: TrendChartProps) {
  const points = trend.points;
  const span = range.max - range.min || 1;
  const x = (i: number) => (points.length < 2 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (points.length - 1));
  const y = (score: number) => H - PAD - ((Math.min(Math.max(score, range.min), range.max) - range.min) * (H - 2 * PAD)) / span;
  const summary = points.length ? `${label}: ${points.map((p) => p.score).join(' → ')}` : `${label}: no scores yet`;
  return (
    <figure class="bridge-trend" data-status={trend.status}>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        <rect x="0" y="0" width={W} height={H} class="bridge-trend-bg" />
        {target !== undefined && <line x1={PAD} x2={W - PAD} y1={y(target)} y2={y(target)} class="bridge-trend-target" />}
        {points.length > 1 && <polyline points={points.map((p, i) => `${x(i)},${y(p.score)}`).join(' ')} class="bridge-trend-line" />}
        {points.map((p, i) => (
          <circle key={p.at} cx={x(i)} cy={y(p.score)} r="3" class="bridge-trend-dot" />
        ))}
      </svg>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
