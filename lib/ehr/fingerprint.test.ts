import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { nameKey, patientFingerprint } from './fingerprint';

describe('patientFingerprint', () => {
  test('same patient rendered two ways matches', () => {
    const a = patientFingerprint({ name: 'DOE, JANE M', birthDate: '1990-02-03', sex: 'female' });
    const b = patientFingerprint({ name: '  Jane   Doe ', birthDate: '1990-02-03', sex: 'female' });
    const c = patientFingerprint({ name: 'Jane Marie Doe', birthDate: '1990-02-03', sex: 'female' });
    expect(a.ok && b.ok && c.ok).toBe(true);
    expect(a).toEqual(b);
    expect(a).toEqual(c);
    expect(nameKey('García López, María')).toBe(nameKey('María García López'));
    expect(nameKey('Garcia Lopez, MARIA')).toBe(nameKey('María García López'));
  });

  test('MRN with host wins; MRN formatting does not matter, host does', () => {
    const a = patientFingerprint({ name: 'Jane Doe', mrn: 'mrn-000123', host: 'ehr.example.org' });
    const b = patientFingerprint({ name: 'DOE, Jane', mrn: 'MRN 000123', host: 'EHR.example.org', birthDate: '1990-02-03' });
    const c = patientFingerprint({ name: 'Jane Doe', mrn: 'mrn-000123', host: 'other.example.org' });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    if (a.ok) expect(a.value.startsWith('pf1m-')).toBe(true);
  });

  test('holds no readable PHI and has at least 64 bits', () => {
    const r = patientFingerprint({ name: 'Jane Doe', birthDate: '1990-02-03', sex: 'female', mrn: '000123', host: 'h' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatch(/^pf1[md]-[0-9a-f]{28}$/);
    for (const piece of ['jane', 'doe', '1990', '000123', '123']) expect(r.value.toLowerCase()).not.toContain(piece);
  });

  test('a salt changes every fingerprint', () => {
    const input = { name: 'Jane Doe', birthDate: '1990-02-03' };
    expect(patientFingerprint(input, { salt: 'a' })).not.toEqual(patientFingerprint(input, { salt: 'b' }));
  });

  test('refuses what cannot tell patients apart', () => {
    expect(patientFingerprint({ name: 'Jane Doe' })).toMatchObject({ ok: false, reason: expect.stringContaining('birth date') });
    expect(patientFingerprint({ birthDate: '1990-02-03' })).toMatchObject({ ok: false, reason: expect.stringContaining('name') });
  });

  test('50,000 generated distinct patients never collide; name order never matters', () => {
    const seen = new Map<string, string>();
    // Titles ("Mrs", "Don") are dropped from names by design, so they are not generated.
    const word = fc.stringMatching(/^[A-Z][a-z]{2,9}$/).filter((w) => !/^(mrs|miss|sra|srta|don|dona|iii)$/i.test(w));
    const patient = fc.record({
      given: word,
      family: word,
      birthDate: fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2026-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      sex: fc.constantFrom('female' as const, 'male' as const),
    });
    for (const p of fc.sample(patient, { numRuns: 50_000, seed: 42 })) {
      const identity = [[p.given, p.family].map((w) => w.toLowerCase()).sort().join(' '), p.birthDate, p.sex].join('|');
      const a = patientFingerprint({ name: `${p.family.toUpperCase()}, ${p.given}`, birthDate: p.birthDate, sex: p.sex });
      const b = patientFingerprint({ name: `${p.given} ${p.family}`, birthDate: p.birthDate, sex: p.sex });
      expect(a).toEqual(b);
      if (!a.ok) throw new Error(a.reason);
      const before = seen.get(a.value);
      if (before !== undefined) expect(before).toBe(identity);
      seen.set(a.value, identity);
    }
  });
});
