import type { Sex } from '../ehr/patient';
import { suggestInstruments, type SuggestedInstrument } from './flows';
import { instruments } from './instruments';

/** Thrown when a date is not an ISO date or date-time. */
export class InvalidScreeningDateError extends Error {
  override readonly name = 'InvalidScreeningDateError';
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/;

function dateParts(value: string, field: string): [number, number, number] {
  const match = isoDate.exec(value);
  const parsed = match ? new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`) : null;
  if (!match || !parsed || Number.isNaN(parsed.getTime()) || parsed.getUTCDate() !== Number(match[3])) {
    throw new InvalidScreeningDateError(`\`${field}\` must be an ISO date (YYYY-MM-DD or a date-time), got '${value}'.`);
  }
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `date` plus whole calendar months; a day past the month's end clamps (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = dateParts(date, 'date');
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(d, lastDay))}`;
}

export interface ScreeningDue {
  due: boolean;
  /** The calendar date of the last completed screening, or null if never screened. */
  lastScreenedOn: string | null;
  /** The date the next screening falls due (today when never screened). */
  dueOn: string;
  /** Prompt text, e.g. "SUD screening due - last: never". */
  label: string;
}

/**
 * Whether an SUD screening is due: never screened, or the last one is `intervalMonths` calendar
 * months old or more (SAMHSA/USPSTF: adults yearly, so 12 by default). Dates are compared as
 * calendar dates, the part before any "T"; throws `InvalidScreeningDateError` on a bad date.
 */
export function screeningDue(lastCompletedAt: string | null, now: string, intervalMonths = 12): ScreeningDue {
  if (!Number.isInteger(intervalMonths) || intervalMonths < 1) {
    throw new InvalidScreeningDateError(`The screening interval must be a whole number of months, 1 or more, got ${intervalMonths}.`);
  }
  const today = dateParts(now, 'now').map((n, i) => (i === 0 ? String(n) : pad(n))).join('-');
  if (lastCompletedAt === null) {
    return { due: true, lastScreenedOn: null, dueOn: today, label: 'SUD screening due - last: never' };
  }
  const last = dateParts(lastCompletedAt, 'lastCompletedAt').map((n, i) => (i === 0 ? String(n) : pad(n))).join('-');
  const dueOn = addMonths(last, intervalMonths);
  const due = today >= dueOn;
  return {
    due,
    lastScreenedOn: last,
    dueOn,
    label: due ? `SUD screening due - last: ${last}` : `SUD screening up to date - last: ${last}, next due ${dueOn}`,
  };
}

export interface ScoredEntry {
  instrumentId: string;
  score: number;
  completedAt: string;
}

export interface ScoreTrend {
  instrumentId: string;
  /** Scores oldest first. */
  scores: number[];
  /** Lower scores mean less risk on every Bridge instrument. */
  direction: 'improving' | 'worsening' | 'unchanged' | 'single';
  /** e.g. "AUDIT-C 6 → 3" (previous → latest), or "AUDIT-C 6" for a single result. */
  label: string;
}

/**
 * Per-instrument trend of completed scores, instruments in order of their latest result (newest
 * first). Entries are sorted by `completedAt`; the label compares the previous and latest score.
 */
export function trend(results: readonly ScoredEntry[]): ScoreTrend[] {
  const byInstrument = new Map<string, ScoredEntry[]>();
  for (const r of [...results].sort((a, b) => a.completedAt.localeCompare(b.completedAt))) {
    byInstrument.set(r.instrumentId, [...(byInstrument.get(r.instrumentId) ?? []), r]);
  }
  return [...byInstrument.entries()]
    .sort(([, a], [, b]) => b.at(-1)!.completedAt.localeCompare(a.at(-1)!.completedAt))
    .map(([instrumentId, entries]) => {
      const scores = entries.map((e) => e.score);
      const latest = scores.at(-1)!;
      const previous = scores.length > 1 ? scores.at(-2)! : null;
      // A result from an instrument Bridge no longer ships keeps its id as its name.
      const name = instruments.find((i) => i.id === instrumentId)?.shortName ?? instrumentId;
      const direction =
        previous === null ? 'single' : latest < previous ? 'improving' : latest > previous ? 'worsening' : 'unchanged';
      const label = previous === null ? `${name} ${latest}` : `${name} ${previous} → ${latest}`;
      return { instrumentId, scores, direction, label };
    });
}

/**
 * What the overlay's screening prompt needs: whether screening is due, its label, and the first
 * instrument to offer for this patient (CRAFFT 2.1 for ages 12–21), or null when none applies.
 */
export function screeningPrompt(input: {
  lastCompletedAt: string | null;
  now: string;
  intervalMonths?: number;
  ageYears: number | null;
  sex: Sex;
  enabledIds?: readonly string[];
}): ScreeningDue & { offer: SuggestedInstrument | null } {
  const due = screeningDue(input.lastCompletedAt, input.now, input.intervalMonths);
  const offer = suggestInstruments({ ageYears: input.ageYears, sex: input.sex, enabledIds: input.enabledIds })[0] ?? null;
  return { ...due, offer };
}
