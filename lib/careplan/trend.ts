import { utcMs } from './dates';
import type { GoalMeasure } from './plan';

/** One measurement: an instrument score on a day (or at an instant). */
export interface ScorePoint {
  at: string;
  score: number;
}

export type GoalTrendStatus = 'no-scores' | 'too-early' | 'at-target' | 'improving' | 'not-improving';

/** Not lib/screening's ScoreTrend (a label of the last two scores): this one judges progress toward a goal. */
export interface GoalTrend {
  status: GoalTrendStatus;
  /** True only for 'not-improving': the team should review the plan (treat to target). */
  notImproving: boolean;
  /** The first score (the baseline) and the latest one at or before `now`. */
  baseline: ScorePoint | null;
  latest: ScorePoint | null;
  /** latest − baseline (negative is a fall). */
  change: number | null;
  /** The day the first review is due: baseline day + the review interval. */
  reviewDueOn: string | null;
  /** The points at or before `now`, oldest first, for a trend chart. */
  points: ScorePoint[];
}

const DAY_MS = 86_400_000;
const time = utcMs;

/**
 * Measurement-based follow-up for one goal (AIMS Center, treat to target): compares the latest score
 * with the baseline (first) score. Before the review interval has passed since the baseline it is
 * 'too-early'; after, a score that has not moved toward the target by at least
 * `goal.minimumChange` (default: any movement) is 'not-improving'. A score at or past the target is
 * 'at-target' whenever it happens. Scores after `now` and unparseable dates are ignored; the clock
 * is passed in, never read.
 */
export function scoreTrend(scores: readonly ScorePoint[], goal: GoalMeasure, reviewIntervalDays: number, now: Date): GoalTrend {
  const nowMs = now.getTime();
  // Parse each date once (the registry calls this for every patient on the caseload).
  const timed: { ms: number; point: ScorePoint }[] = [];
  for (const s of scores) {
    const ms = time(s.at);
    if (Number.isFinite(s.score) && Number.isFinite(ms) && ms <= nowMs) timed.push({ ms, point: { at: s.at, score: s.score } });
  }
  const points = timed.sort((a, b) => a.ms - b.ms).map((t) => t.point);
  const baseline = points[0] ?? null;
  const latest = points[points.length - 1] ?? null;
  if (!baseline || !latest) {
    return { status: 'no-scores', notImproving: false, baseline: null, latest: null, change: null, reviewDueOn: null, points };
  }
  const change = latest.score - baseline.score;
  const dueMs = utcMs(baseline.at.slice(0, 10)) + reviewIntervalDays * DAY_MS;
  const reviewDueOn = new Date(dueMs).toISOString().slice(0, 10);
  const toward = goal.direction === 'decrease' ? -change : change;
  const reached = goal.direction === 'decrease' ? latest.score <= goal.target : latest.score >= goal.target;
  let status: GoalTrendStatus;
  if (reached) status = 'at-target';
  else if (nowMs < dueMs) status = 'too-early';
  else status = toward > 0 && toward >= (goal.minimumChange ?? 0) ? 'improving' : 'not-improving';
  return { status, notImproving: status === 'not-improving', baseline, latest, change, reviewDueOn, points };
}
