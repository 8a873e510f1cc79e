/** A small inline line of scores, oldest first; the cell around it says the numbers in words. */
export function Sparkline({ scores, width = 56, height = 16 }: { scores: readonly number[]; width?: number; height?: number }) {
  if (scores.length < 2) return null;
  const min = Math.min(...scores);
  const span = Math.max(...scores) - min || 1;
  const step = (width - 4) / (scores.length - 1);
  const points = scores.map((s, i) => `${(2 + i * step).toFixed(1)},${(2 + (height - 4) * (1 - (s - min) / span)).toFixed(1)}`).join(' ');
  return (
    <svg class="bridge-sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
      <polyline points={points} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" />
    </svg>
  );
}
