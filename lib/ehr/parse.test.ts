import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseBirthDate, parseIdentifier, parsePatientName, parsePostalCode, parseSex } from './parse';
import { matchLabel } from './labels';

const today = '2026-11-23';
const RUNS = 10_000;

describe('parseBirthDate', () => {
  test.each([
    ['1990-02-03', '1990-02-03', 'iso'],
    ['1990-02-03T00:00:00Z', '1990-02-03', 'iso'],
    ['1990/2/3', '1990-02-03', 'iso'],
    ['19900203', '1990-02-03', 'compact'],
    ['02/03/1990', '1990-02-03', 'numeric'],
    ['2/3/1990', '1990-02-03', 'numeric'],
    ['02-03-1990', '1990-02-03', 'numeric'],
    ['03-Feb-1990', '1990-02-03', 'month-name'],
    ['3-FEB-1990', '1990-02-03', 'month-name'],
    ['03 Feb 1990', '1990-02-03', 'month-name'],
    ['3 February 1990', '1990-02-03', 'month-name'],
    ['Feb 3, 1990', '1990-02-03', 'month-name'],
    ['February 3rd, 1990', '1990-02-03', 'month-name'],
    ['Sept. 9, 1971', '1971-09-09', 'month-name'],
    ['3 de febrero de 1990', '1990-02-03', 'month-name'],
    ['3 feb. 1990', '1990-02-03', 'month-name'],
    ['15-dic-1985', '1985-12-15', 'month-name'],
    ['1990-02-03 (36Y)', '1990-02-03', 'iso'],
    ['02/03/1990 (36 yo)', '1990-02-03', 'numeric'],
    ['02/03/1990 (36 y.o.)', '1990-02-03', 'numeric'],
    ['02/03/1990 36 yrs', '1990-02-03', 'numeric'],
    ['02/03/1990, 36 years old', '1990-02-03', 'numeric'],
    ['02/03/1990 (Age 36)', '1990-02-03', 'numeric'],
    ['03/02/2026 (8 mo)', '2026-03-02', 'numeric'],
  ])('%s is %s', (text, iso, format) => {
    const r = parseBirthDate(text, { today });
    expect(r).toMatchObject({ ok: true, value: { iso, format } });
  });

  test('stated age is kept', () => {
    expect(parseBirthDate('1990-02-03 (36Y)', { today })).toMatchObject({ ok: true, value: { statedAge: 36 } });
  });

  test('two-digit years: the latest century that is not in the future', () => {
    expect(parseBirthDate('3/2/90', { today })).toMatchObject({ ok: true, value: { iso: '1990-03-02', centuryInferred: true } });
    expect(parseBirthDate('3/2/24', { today })).toMatchObject({ ok: true, value: { iso: '2024-03-02' } });
    expect(parseBirthDate('12/31/26', { today })).toMatchObject({ ok: true, value: { iso: '1926-12-31' } });
    expect(parseBirthDate('11/23/26', { today })).toMatchObject({ ok: true, value: { iso: '2026-11-23' } });
  });

  test('day-first when the first number cannot be a month, and under DMY', () => {
    expect(parseBirthDate('25/03/1990', { today })).toMatchObject({ ok: true, value: { iso: '1990-03-25', orderSwapped: true } });
    expect(parseBirthDate('02/03/1990', { today, order: 'DMY' })).toMatchObject({ ok: true, value: { iso: '1990-03-02' } });
  });

  test.each([
    ['', 'empty'],
    ['02/30/1990', 'not a calendar date'],
    ['2027-01-01', 'after today'],
    ['1850-01-01', 'plausible birth year'],
    ['1990-02-03 (12Y)', 'says age 12'],
    ['13/13/1990', 'not a calendar date'],
    ['yesterday', 'not a date in a recognised format'],
    ['3 Fob 1990', 'not a month name'],
    ['(36Y)', 'no date'],
  ])('refuses %j: %s', (text, reason) => {
    const r = parseBirthDate(text, { today });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  test('never throws, and always says why it refused (arbitrary text)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[0-9/ .()a-zA-Z-]{0,30}$/)), (text) => {
        const r = parseBirthDate(text, { today });
        if (r.ok) expect(r.value.iso <= today).toBe(true);
        else expect(r.reason.length).toBeGreaterThan(5);
      }),
      { numRuns: RUNS },
    );
  });

  test('every real date written in any supported form reads back the same', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-11-23T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 5 }),
        fc.boolean(),
        (date, form, withAge) => {
          const y = date.getUTCFullYear();
          const m = date.getUTCMonth() + 1;
          const d = date.getUTCDate();
          const iso = date.toISOString().slice(0, 10);
          const p = (n: number) => String(n).padStart(2, '0');
          const mon = months[m - 1] ?? '';
          const written = [
            iso,
            `${p(m)}/${p(d)}/${y}`,
            `${d}-${mon}-${y}`,
            `${p(d)} ${mon} ${y}`,
            `${mon} ${d}, ${y}`,
            `${y}${p(m)}${p(d)}`,
          ][form] as string;
          const age = Number(today.slice(0, 4)) - y - (today.slice(5) < iso.slice(5) ? 1 : 0);
          const r = parseBirthDate(withAge ? `${written} (${age}Y)` : written, { today });
          expect(r).toMatchObject({ ok: true, value: { iso } });
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('parseSex', () => {
  test.each([
    ['F', 'female'], ['M', 'male'], ['Female', 'female'], ['Male', 'male'], ['Woman', 'female'],
    ['Man', 'male'], ['Femenino', 'female'], ['Masculino', 'male'], ['female', 'female'],
    ['Sex assigned at birth: Female', 'female'], ['F (36 y)', 'female'], ['36 y.o. M', 'male'],
    ['Unknown', 'unknown'], ['U', 'unknown'], ['X', 'other'], ['Non-binary', 'other'],
    ['Transgender female', 'other'], ['F / Woman', 'female'], ['Mujer', 'female'],
  ])('%s is %s', (text, sex) => {
    expect(parseSex(text)).toEqual({ ok: true, value: sex });
  });

  test.each([['', 'empty'], ['Blue', 'not a sex'], ['Male to female', 'both'], ['Female patient with diabetes on insulin', 'more than']])(
    'refuses %j: %s',
    (text, reason) => {
      const r = parseSex(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toContain(reason);
    },
  );

  test('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' })), (text) => {
        const r = parseSex(text);
        if (!r.ok) expect(r.reason.length).toBeGreaterThan(5);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parsePatientName', () => {
  test.each([
    ['DOE, Jane M', 'Jane M Doe', 'Doe'],
    ['Doe, Jane', 'Jane Doe', 'Doe'],
    ['Jane Doe', 'Jane Doe', 'Doe'],
    ['Mr. John Smith Jr.', 'John Smith Jr.', 'Smith Jr.'],
    ['SMITH-JONES, MARY "Molly" ANN', 'Mary Ann Smith-Jones', 'Smith-Jones'],
    ["O'NEIL, PAT", "Pat O'Neil", "O'Neil"],
    ['García López, María José', 'María José García López', 'García López'],
    ['Belford, Phil (1)', 'Phil Belford', 'Belford'],
  ])('%s displays as %s', (text, display, family) => {
    expect(parsePatientName(text)).toMatchObject({ ok: true, value: { display, family, original: text } });
  });

  test.each([['', 'empty'], ['Madonna', 'no family and given'], ['Room 12', 'digits'], ['a@b.com', 'contains "@"']])(
    'refuses %j: %s',
    (text, reason) => {
      const r = parsePatientName(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toContain(reason);
    },
  );

  test('never throws; LAST, First and First Last agree on every generated name', () => {
    // Titles ("Mr", "Dr") are dropped by design, so they are not generated as given names.
    const word = fc.stringMatching(/^[A-Z][a-z]{1,10}$/).filter((w) => !/^(mr|mrs|ms|miss|mx|dr|sr|sra|srta|don|dona|jr|ii|iii|iv|v)$/i.test(w));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.tuple(word, word).map(([f, l]) => `${l}, ${f}`)), (text) => {
        const r = parsePatientName(text);
        if (!r.ok) expect(r.reason.length).toBeGreaterThan(5);
      }),
      { numRuns: RUNS / 2 },
    );
    fc.assert(
      fc.property(word, word, (given, family) => {
        const a = parsePatientName(`${family.toUpperCase()}, ${given}`);
        const b = parsePatientName(`${given} ${family}`);
        expect(a.ok && b.ok && a.value.display === b.value.display).toBe(true);
      }),
      { numRuns: RUNS / 2 },
    );
  });
});

describe('parseIdentifier', () => {
  test.each([['000123', '000123'], ['MRN: 000123', '000123'], ['#A-1234', 'A-1234'], ['E12345 (Epic)', 'E12345'], ['1234.56', '1234.56']])(
    '%s is %s',
    (text, value) => {
      expect(parseIdentifier(text)).toEqual({ ok: true, value: { value } });
    },
  );
  test.each([['123-45-6789', 'Social Security'], ['ABCDEF', 'no digit'], ['12 34', 'spaces'], ['', 'empty'], ['A_1', 'not an identifier']])(
    'refuses %j: %s',
    (text, reason) => {
      const r = parseIdentifier(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toContain(reason);
    },
  );
  test('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[#A-Za-z0-9 :.-]{0,20}$/)), (text) => {
        const r = parseIdentifier(text);
        if (r.ok) expect(r.value.value).toMatch(/\d/);
        else expect(r.reason.length).toBeGreaterThan(5);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parsePostalCode', () => {
  test.each([
    ['62704', '62704', null],
    ['62704-1234', '62704', '1234'],
    ['123 Main St, Springfield, IL 62704', '62704', null],
    ['12345 Main St, Springfield, IL 62704-1234', '62704', '1234'],
    ['12345 Main St, Springfield IL, 62704, USA', '62704', null],
    ['PO Box 9, Boston MA 02101', '02101', null],
    ['77 Elm Rd Apt 4, Austin, Texas 78701', '78701', null],
  ])('%s has ZIP %s', (text, zip5, plus4) => {
    expect(parsePostalCode(text)).toEqual({ ok: true, value: { zip5, plus4 } });
  });
  test.each([['12345 Main St, Springfield', 'not where a ZIP goes'], ['Main St', 'no 5-digit'], ['00000', 'not a ZIP'], ['', 'empty']])(
    'refuses %j: %s',
    (text, reason) => {
      const r = parsePostalCode(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toContain(reason);
    },
  );
  test('never throws; finds the generated ZIP after any street number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99999 }),
        fc.stringMatching(/^[0-9]{5}$/).filter((z) => z !== '00000'),
        fc.constantFrom('IL', 'NY', 'CA', 'TX'),
        fc.option(fc.stringMatching(/^[0-9]{4}$/), { nil: undefined }),
        (house, zip, state, plus4) => {
          const r = parsePostalCode(`${house} Oak Ave, Town, ${state} ${zip}${plus4 ? `-${plus4}` : ''}`);
          expect(r).toEqual({ ok: true, value: { zip5: zip, plus4: plus4 ?? null } });
        },
      ),
      { numRuns: RUNS / 2 },
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const r = parsePostalCode(text);
        if (r.ok) expect(r.value.zip5).toMatch(/^\d{5}$/);
      }),
      { numRuns: RUNS / 2 },
    );
  });
});

describe('matchLabel', () => {
  test.each([
    ['DOB', 'birthDate'], ['D.O.B.:', 'birthDate'], ['Date of Birth', 'birthDate'], ['Birth date', 'birthDate'],
    ['Born', 'birthDate'], ['DOB / Age', 'birthDate'], ['Patient DOB:', 'birthDate'], ['Fecha de Nacimiento:', 'birthDate'],
    ['Sex', 'sex'], ['Gender', 'sex'], ['Sex assigned at birth', 'sex'], ['Legal Sex', 'sex'], ['Sexo', 'sex'], ['Género', 'sex'],
    ['MRN', 'mrn'], ['Chart #', 'mrn'], ['Patient ID', 'mrn'], ['Medical Record Number', 'mrn'], ['Identifiers', 'mrn'],
    ['Name', 'name'], ['Patient', 'name'], ['Patient Name:', 'name'], ['Address', 'postalCode'], ['ZIP', 'postalCode'],
    ['Postal code', 'postalCode'], ['Age', null], ['Age/Sex', 'sex'],
  ])('%s names %s', (text, field) => {
    expect(matchLabel(text)).toMatchObject({ ok: true, field });
  });
  test.each(['Date', 'Provider name', 'Diagnosis', '', 'Born to run and then some more text'])('%j is not a banner label', (text) => {
    expect(matchLabel(text).ok).toBe(false);
  });
  test('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' })), (text) => {
        const r = matchLabel(text);
        if (!r.ok) expect(r.reason.length).toBeGreaterThan(5);
      }),
      { numRuns: RUNS },
    );
  });
});
