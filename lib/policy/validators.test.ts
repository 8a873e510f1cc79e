import { describe, expect, it } from 'vitest';
import { isEhrHostPattern, matchPatternProblem } from './match-pattern';
import { isValidNpi, npiCheckDigit } from './npi';
import { selectorProblem } from './selector';

describe('NPI check digit (CMS: Luhn over 80840 + the first nine digits)', () => {
  it('accepts the CMS worked example 1234567893 and rejects its other check digits', () => {
    expect(isValidNpi('1234567893')).toBe(true);
    for (let digit = 0; digit <= 9; digit += 1) if (digit !== 3) expect(isValidNpi(`123456789${digit}`)).toBe(false);
  });
  it('rejects anything but 10 digits', () => {
    for (const value of ['123456789', '12345678933', '123456789a', ' 1234567893', '']) expect(isValidNpi(value)).toBe(false);
  });
  it('computes the digit that completes a prefix', () => {
    expect(npiCheckDigit('123456789')).toBe(3);
    expect(isValidNpi(`987654321${npiCheckDigit('987654321')}`)).toBe(true);
  });
});

describe('EHR host match patterns', () => {
  it.each(['https://ehr.example.org/*', '*://*.example.org/*', 'http://127.0.0.1:8080/*', 'https://localhost/chart/*', 'https://ehr.example.org:*/*'])('accepts %s', (pattern) => {
    expect(matchPatternProblem(pattern)).toBeNull();
  });
  it.each([
    ['<all_urls>', /every site/],
    ['*://*/*', /every site/],
    ['https://ehr.example.org', /must look like/],
    ['ftp://ehr.example.org/*', /must look like/],
    ['https://EHR.example.org/*', /lower case/],
    ['https://ehr.*.org/*', /not a domain name/],
    ['https://999.1.1.1/*', /above 255/],
    ['https://ehr.example.org:70000/*', /above 65535/],
  ])('rejects %s', (pattern, reason) => {
    expect(matchPatternProblem(pattern)).toMatch(reason);
    expect(isEhrHostPattern(pattern)).toBe(false);
  });
});

describe('selector syntax check', () => {
  it.each(['#banner .name', 'td[data-label="Date of birth"] + td', 'ehr-banner >>> span.mrn', 'div:not(.x) > span:nth-child(2)', "a[title='}']"])('accepts %s', (selector) => {
    expect(selectorProblem(selector)).toBeNull();
  });
  it.each([
    ['', 'is empty'],
    ['div[data-x', 'is missing a closing `]`'],
    ['div)', 'has an unmatched `)`'],
    ['a[title="x]', 'has an unclosed " quote'],
    ['div { color: red }', 'contains `{`, which is not allowed in a selector'],
    ['ehr-banner >>> ', 'has an empty part around `>>>` (part 2)'],
    ['div >', 'starts or ends with a combinator'],
  ])('rejects %j', (selector, problem) => {
    expect(selectorProblem(selector)).toBe(problem);
  });
});
