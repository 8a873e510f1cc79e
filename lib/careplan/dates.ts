/**
 * Fast UTC date parsing for per-patient loops: the registry parses every screening date on a
 * caseload of thousands, and `Date.parse` on strings was its slowest step (tests/bench/registry).
 */

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Milliseconds since the epoch, as `Date.parse` gives them, with a fast path for the two forms Bridge
 * stores: "YYYY-MM-DD" (midnight UTC) and "YYYY-MM-DDTHH:MM:SSZ". Anything else (milliseconds, an
 * offset) goes through `Date.parse`. NaN when the date does not exist.
 */
export function utcMs(iso: string): number {
  const n = iso.length;
  if ((n !== 10 && n !== 20) || iso[4] !== '-' || iso[7] !== '-') return Date.parse(iso);
  if (n === 20 && (iso[10] !== 'T' || iso[13] !== ':' || iso[16] !== ':' || iso[19] !== 'Z')) return Date.parse(iso);
  const y = digits(iso, 0, 4);
  const mo = digits(iso, 5, 2);
  const d = digits(iso, 8, 2);
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= DAYS_IN_MONTH[mo - 1]!)) return Date.parse(iso);
  if (n === 10) return Date.UTC(y, mo - 1, d);
  const h = digits(iso, 11, 2);
  const mi = digits(iso, 14, 2);
  const sec = digits(iso, 17, 2);
  if (!(h <= 23 && mi <= 59 && sec <= 59)) return Date.parse(iso);
  return Date.UTC(y, mo - 1, d, h, mi, sec);
}
