/**
 * National Provider Identifier check digit.
 *
 * Source: CMS, "Requirements for Constructing the National Provider Identifier (NPI) Check
 * Digit": the 10th digit is the Luhn check digit of the first nine digits prefixed with the
 * card issuer prefix 80840, which is the same as adding the constant 24 to the Luhn sum.
 */

/** True when `value` is exactly 10 digits and its last digit is the NPI (Luhn) check digit. */
export function isValidNpi(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const digits = `80840${value}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The check digit that completes a 9-digit NPI prefix (used to build test fixtures). */
export function npiCheckDigit(firstNine: string): number {
  for (let check = 0; check <= 9; check += 1) {
    if (isValidNpi(`${firstNine}${check}`)) return check;
  }
  throw new RangeError(`NPI prefix must be 9 digits, got "${firstNine}"`);
}
