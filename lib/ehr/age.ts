// Zod-free on purpose: the content script imports these, and zod would triple its size.

/** Age in whole years on `today` (ISO date), or null when the birth date is unknown. */
export function ageOn(birthDate: string | null, today: string): number | null {
  if (!birthDate) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let age = ty - by;
  if (tm < bm || (tm === bm && td < bd)) age -= 1;
  return age;
}

/**
 * True for patients aged 12 to 21 on `today`, the ages CRAFFT 2.1 is validated for (CRAFFT 2.1
 * manual, Boston Children's Hospital); false when the birth date is unknown.
 */
export function isAdolescent(birthDate: string | null, today: string): boolean {
  const age = ageOn(birthDate, today);
  return age !== null && age >= 12 && age <= 21;
}
