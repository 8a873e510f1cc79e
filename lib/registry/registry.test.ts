import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { carePlan, type CarePlan } from '../careplan/plan';
import { samplePlanInput } from '../careplan/test-support';
import { draftReferral, transition, type ReferralRecord } from '../referral/status';
import { samplePacket, samplePacketInput } from '../../tests/fixtures/forms/sample-packet';
import { caseloadSummary, missedFirstAppointment, queryRegistry, registryCsv, registryRows, type RegistryRow, type RegistryScreening } from './registry';
import { syntheticCaseload } from './test-support';

const at = (iso: string) => new Date(iso);
const NOW = at('2026-12-20T12:00:00Z');

/** Fingerprints in lib/ehr are at least 8 characters; tests name patients 'a', 'b'... */
const fid = (x: string) => `fpid-${x}-0000`;
function plan(fp: string, overrides: Parameters<typeof samplePlanInput>[0] = {}): CarePlan {
  return carePlan(samplePlanInput({ id: `plan-${fp}`, patientFingerprint: fid(fp), ...overrides }));
}
function referral(fp: string, name: string, steps: [Parameters<typeof transition>[1], string][], created = '2026-11-23T13:00:00Z'): ReferralRecord {
  let r = draftReferral(samplePacket({ id: `ref-${fp}`, createdAt: created, patient: { ...samplePacketInput().patient, fingerprint: fid(fp), name, mrn: `MRN-${fp}` } }), at(created));
  for (const [status, when] of steps) r = transition(r, status, at(when));
  return r;
}
const audit = (fp: string, score: number, completedAt: string): RegistryScreening => ({ patientFingerprint: fid(fp), instrumentId: 'audit-c', score, completedAt });

describe('registryRows', () => {
  it('lists patients with an active plan or an open referral, and no one else', () => {
    const rows = registryRows(
      {
        plans: [plan('a'), plan('closed-plan', { status: 'closed' })],
        referrals: [referral('b', 'Bo Example', [['sent', '2026-12-18T10:00:00Z']]), referral('c', 'Cy Example', [['closed', '2026-11-24T10:00:00Z']])],
        screenings: [audit('z', 5, '2026-12-01T10:00:00Z')],
        patients: [{ fingerprint: fid('a'), name: 'Al Sample', mrn: 'MRN-A' }],
      },
      NOW,
    );
    expect(rows.map((r) => r.patientFingerprint).sort()).toEqual([fid('a'), fid('b')]);
    expect(rows.find((r) => r.patientFingerprint === fid('a'))).toMatchObject({ name: 'Al Sample', mrn: 'MRN-A', planId: 'plan-a', referralStatus: null });
    expect(rows.find((r) => r.patientFingerprint === fid('b'))).toMatchObject({ name: 'Bo Example', mrn: 'MRN-b', planId: null, referralStatus: 'sent', referralSentOn: '2026-12-18' });
  });

  it('flags an overdue contact only once the clock passes the due day', () => {
    const input = { plans: [plan('a', { nextContactDue: '2026-12-20' })], referrals: [], screenings: [] };
    expect(registryRows(input, NOW)[0]).toMatchObject({ flags: [], daysOverdue: 0 });
    expect(registryRows(input, at('2026-12-21T00:00:00Z'))[0]).toMatchObject({ flags: ['overdue-contact'], daysOverdue: 1 });
    expect(registryRows(input, at('2027-01-03T08:00:00Z'))[0]).toMatchObject({ flags: ['overdue-contact'], daysOverdue: 14 });
  });

  it('takes the earliest of the plan and open referral follow-ups as next contact, the latest contact as last', () => {
    const r = referral('a', 'Al', [['sent', '2026-12-10T10:00:00Z']]); // follow-up 7 days after sent: 2026-12-17
    const [row] = registryRows({ plans: [plan('a', { nextContactDue: '2026-12-30', lastContactOn: '2026-12-01' })], referrals: [r], screenings: [audit('a', 6, '2026-12-05T10:00:00Z')] }, NOW);
    expect(row).toMatchObject({ nextContactDue: '2026-12-17', lastContactOn: '2026-12-05', flags: ['overdue-contact'], daysOverdue: 3 });
  });

  it('flags "not improving" from the plan goal and the review interval (scoreTrend)', () => {
    const screenings = [audit('a', 9, '2026-11-20T10:00:00Z'), audit('a', 9, '2026-12-15T10:00:00Z')];
    const input = { plans: [plan('a', { nextContactDue: null })], referrals: [], screenings };
    expect(registryRows(input, at('2026-12-17T12:00:00Z'))[0]).toMatchObject({ flags: [], trend: 'too-early' });
    expect(registryRows(input, at('2026-12-18T12:00:00Z'))[0]).toMatchObject({ flags: ['not-improving'], trend: 'not-improving', latestScore: { instrumentId: 'audit-c', score: 9, on: '2026-12-15' } });
    const better = { ...input, screenings: [...screenings, audit('a', 5, '2026-12-19T10:00:00Z')] };
    expect(registryRows(better, NOW)[0]).toMatchObject({ flags: [], trend: 'improving' });
    // A score dated after the clock is not seen yet.
    expect(registryRows({ ...input, screenings: [...screenings, audit('a', 2, '2026-12-25T10:00:00Z')] }, NOW)[0]!.latestScore!.score).toBe(9);
  });

  it('flags no first appointment 14 days after a referral is sent, until it is attended', () => {
    const sent = referral('a', 'Al', [['sent', '2026-12-01T10:00:00Z']]);
    expect(missedFirstAppointment(sent, '2026-12-14')).toBe(false);
    expect(missedFirstAppointment(sent, '2026-12-15')).toBe(true);
    const scheduled = transition(sent, 'scheduled', at('2026-12-05T10:00:00Z'));
    expect(missedFirstAppointment(scheduled, '2026-12-20')).toBe(true);
    expect(missedFirstAppointment(transition(scheduled, 'no-show', at('2026-12-12T10:00:00Z')), '2026-12-20')).toBe(true);
    expect(missedFirstAppointment(transition(scheduled, 'attended', at('2026-12-12T10:00:00Z')), '2026-12-20')).toBe(false);
    expect(missedFirstAppointment(transition(sent, 'declined', at('2026-12-03T10:00:00Z')), '2026-12-20')).toBe(false);
    expect(missedFirstAppointment(referral('b', 'Bo', []), '2027-06-01')).toBe(false); // never sent
    const rows = registryRows({ plans: [], referrals: [scheduled], screenings: [] }, NOW);
    expect(rows[0]!.flags).toContain('no-first-appointment');
  });
});

describe('queryRegistry', () => {
  const row = (fp: string, over: Partial<RegistryRow>): RegistryRow => ({
    patientFingerprint: fp,
    name: fp,
    mrn: null,
    planId: `plan-${fp}`,
    lastContactOn: null,
    nextContactDue: null,
    latestScore: null,
    trend: null,
    referralStatus: null,
    referralSentOn: null,
    flags: [],
    daysOverdue: 0,
    searchText: fp.toLowerCase(),
    ...over,
  });
  const rows = [
    row('d', { name: 'Dana Demo', flags: ['overdue-contact'], daysOverdue: 2, nextContactDue: '2026-12-18', searchText: 'dana demo\u0000mrn4' }),
    row('a', { name: 'Ana Sample', flags: ['overdue-contact', 'not-improving'], daysOverdue: 1, nextContactDue: '2026-12-19', latestScore: { instrumentId: 'audit-c', score: 9, on: '2026-12-01' }, searchText: 'ana sample\u0000mrn1\u0000harbor recovery center' }),
    row('b', { name: 'ben example', nextContactDue: '2026-12-25', referralStatus: 'sent', planId: null, latestScore: { instrumentId: 'audit-c', score: 4, on: '2026-12-01' }, searchText: 'ben example\u0000mrn2' }),
    row('c', { name: 'Cleo Example', lastContactOn: '2026-12-01', searchText: 'cleo example\u0000mrn3' }),
  ];
  const names = (rs: RegistryRow[]) => rs.map((r) => r.patientFingerprint);

  it('puts first those who need a change: most flags, most overdue, earliest due, then name', () => {
    expect(names(queryRegistry(rows))).toEqual(['a', 'd', 'b', 'c']);
  });
  it('sorts by any column; empty values last in both directions', () => {
    expect(names(queryRegistry(rows, { sort: { key: 'name' } }))).toEqual(['a', 'b', 'c', 'd']);
    expect(names(queryRegistry(rows, { sort: { key: 'name', direction: 'desc' } }))).toEqual(['d', 'c', 'b', 'a']);
    expect(names(queryRegistry(rows, { sort: { key: 'latestScore', direction: 'desc' } }))).toEqual(['a', 'b', 'c', 'd']);
    expect(names(queryRegistry(rows, { sort: { key: 'latestScore' } }))).toEqual(['b', 'a', 'c', 'd']);
    expect(names(queryRegistry(rows, { sort: { key: 'nextContactDue' } }))).toEqual(['d', 'a', 'b', 'c']);
    expect(names(queryRegistry(rows, { sort: { key: 'lastContactOn', direction: 'desc' } }))).toEqual(['c', 'a', 'b', 'd']);
  });
  it('searches name, MRN and provider, every word, any case', () => {
    expect(names(queryRegistry(rows, { search: 'EXAMPLE' }))).toEqual(['b', 'c']);
    expect(names(queryRegistry(rows, { search: 'harbor ana' }))).toEqual(['a']);
    expect(names(queryRegistry(rows, { search: 'mrn3' }))).toEqual(['c']);
    expect(names(queryRegistry(rows, { search: '   ' }))).toHaveLength(4);
  });
  it('filters by flags (all listed), referral status and plan', () => {
    expect(names(queryRegistry(rows, { flags: ['overdue-contact'] }))).toEqual(['a', 'd']);
    expect(names(queryRegistry(rows, { flags: ['overdue-contact', 'not-improving'] }))).toEqual(['a']);
    expect(names(queryRegistry(rows, { referralStatuses: ['sent'] }))).toEqual(['b']);
    expect(names(queryRegistry(rows, { hasPlan: false }))).toEqual(['b']);
  });
  it('property: the result is exactly the matching rows, in a total order, and querying twice changes nothing', () => {
    const now = at('2026-12-20T12:00:00Z');
    const caseload = registryRows(syntheticCaseload(300, samplePacket(), now, 7), now);
    const query = fc.record(
      {
        search: fc.constantFrom('', 'ana', 'example 1', 'mrn1001', 'harbor'),
        flags: fc.subarray(['overdue-contact', 'not-improving', 'no-first-appointment'] as const),
        sort: fc.record({ key: fc.constantFrom('priority', 'name', 'lastContactOn', 'nextContactDue', 'latestScore', 'referralStatus') as fc.Arbitrary<'name'>, direction: fc.constantFrom('asc' as const, 'desc' as const) }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(query, (q) => {
        const out = queryRegistry(caseload, q);
        const expected = caseload.filter((r) => (q.flags ?? []).every((f) => r.flags.includes(f)) && (q.search ?? '').split(' ').filter(Boolean).every((w) => r.searchText.includes(w)));
        expect(new Set(out)).toEqual(new Set(expected));
        expect(queryRegistry(out, q)).toEqual(out);
        expect(queryRegistry([...caseload].reverse(), q)).toEqual(out);
      }),
      { numRuns: 200 },
    );
  });
  it('property: sorts exactly as the plain comparator (collated name, empty values last, ties by name then fingerprint), on any rows', () => {
    const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
    const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    const nullable = <T,>(a: T | null, b: T | null, c: (x: T, y: T) => number, dir: number) => (a === null || b === null ? (a === b ? 0 : a === null ? 1 : -1) : c(a, b) * dir);
    // The definition the engine's precomputed keys must agree with (the comparator it replaced).
    const reference = (rows: RegistryRow[], key: string, direction: 'asc' | 'desc') => {
      const dir = direction === 'desc' ? -1 : 1;
      const byName = (a: RegistryRow, b: RegistryRow) => collator.compare(a.name, b.name) || cmp(a.patientFingerprint, b.patientFingerprint);
      const primary = {
        priority: (a: RegistryRow, b: RegistryRow) => dir * (b.flags.length - a.flags.length || b.daysOverdue - a.daysOverdue) || nullable(a.nextContactDue, b.nextContactDue, cmp, dir),
        name: (a: RegistryRow, b: RegistryRow) => dir * collator.compare(a.name, b.name),
        lastContactOn: (a: RegistryRow, b: RegistryRow) => nullable(a.lastContactOn, b.lastContactOn, cmp, dir),
        nextContactDue: (a: RegistryRow, b: RegistryRow) => nullable(a.nextContactDue, b.nextContactDue, cmp, dir),
        latestScore: (a: RegistryRow, b: RegistryRow) => nullable(a.latestScore?.score ?? null, b.latestScore?.score ?? null, (x, y) => x - y, dir),
        referralStatus: (a: RegistryRow, b: RegistryRow) => nullable(a.referralStatus, b.referralStatus, cmp, dir),
      }[key]!;
      return rows.slice().sort((a, b) => primary(a, b) || byName(a, b));
    };
    const day = fc.option(fc.integer({ min: 0, max: 40 }).map((d) => new Date(Date.UTC(2026, 10, 1 + d)).toISOString().slice(0, 10)), { nil: null });
    const rowArb = fc.record({
      fp: fc.string({ minLength: 1, maxLength: 3 }),
      name: fc.oneof(fc.constantFrom('Ana', 'ana', 'Ána', 'Bo 2', 'Bo 10', 'Bo 02', 'bo 10a', '', 'Cy', 'Cy-Ann', 'O’Neil', 'a b', 'ab'), fc.stringMatching(/^[A-Za-z0-9 ]{0,6}$/), fc.stringMatching(/^[aAbB0-9 .'-]{0,4}$/)),
      lastContactOn: day,
      nextContactDue: day,
      score: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
      status: fc.constantFrom(null, 'drafted', 'sent', 'scheduled', 'attended', 'no-show', 'declined', 'closed'),
      flags: fc.subarray(['overdue-contact', 'not-improving', 'no-first-appointment'] as const),
      daysOverdue: fc.integer({ min: 0, max: 5 }),
    });
    const toRow = (r: typeof rowArb extends fc.Arbitrary<infer T> ? T : never, i: number): RegistryRow => ({
      patientFingerprint: `${r.fp}-${i}`,
      name: r.name,
      mrn: null,
      planId: null,
      lastContactOn: r.lastContactOn,
      nextContactDue: r.nextContactDue,
      latestScore: r.score === null ? null : { instrumentId: 'audit-c', score: r.score, on: '2026-11-01' },
      trend: null,
      referralStatus: r.status as RegistryRow['referralStatus'],
      referralSentOn: null,
      flags: [...r.flags],
      daysOverdue: r.daysOverdue,
      searchText: r.name.toLowerCase(),
    });
    const keys = ['priority', 'name', 'lastContactOn', 'nextContactDue', 'latestScore', 'referralStatus'] as const;
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), fc.array(rowArb, { maxLength: 10 }), fc.constantFrom(...keys), fc.constantFrom('asc' as const, 'desc' as const), (a, b, key, direction) => {
        const first = a.map(toRow);
        const second = b.map((r, i) => toRow(r, i + 100));
        expect(queryRegistry(first, { sort: { key, direction } })).toEqual(reference(first, key, direction));
        // Rows already ranked in one set, queried together with rows of another set.
        const mixed = [...first.slice(0, first.length >> 1), ...second];
        expect(queryRegistry(mixed, { sort: { key, direction } })).toEqual(reference(mixed, key, direction));
      }),
      { numRuns: 300 },
    );
  });
});

describe('registryCsv', () => {
  it('quotes every cell, defuses formulas, and writes one row per patient', () => {
    const rows = registryRows(
      { plans: [plan('a')], referrals: [referral('b', '=HYPERLINK("http://x")', [['sent', '2026-12-01T10:00:00Z']])], screenings: [audit('a', 9, '2026-11-20T10:00:00Z')], patients: [{ fingerprint: fid('a'), name: 'Al "Junior" Sample', mrn: 'MRN-A' }] },
      NOW,
    );
    const csv = registryCsv(queryRegistry(rows, { sort: { key: 'name' } }));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('"name","mrn","plan_id","last_contact_on","next_contact_due","days_overdue","latest_instrument","latest_score","latest_score_on","trend","referral_status","referral_sent_on","flags"');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines[1]).toContain('"overdue-contact; no-first-appointment"');
    expect(lines[2]).toMatch(/^"Al ""Junior"" Sample","MRN-A","plan-a"/);
    expect(lines).toHaveLength(4);
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('caseloadSummary', () => {
  it('counts the caseload, each flag, and who was contacted in the period', () => {
    const rows = registryRows({ plans: [plan('a', { lastContactOn: '2026-12-10', nextContactDue: '2026-12-01' }), plan('b', { lastContactOn: '2026-10-01', nextContactDue: '2027-01-01' })], referrals: [], screenings: [] }, NOW);
    expect(caseloadSummary(rows, '2026-12-01')).toEqual({ patients: 2, flagged: { 'overdue-contact': 1, 'not-improving': 0, 'no-first-appointment': 0 }, contactedSince: 1, shareContacted: 0.5 });
  });
});

describe('registry at 5,000 patients', () => {
  // Speed is measured in tests/bench/registry (npm run bench), not asserted here.
  it('computes rows for a synthetic caseload and filters them', () => {
    const input = syntheticCaseload(5000, samplePacket(), NOW);
    const rows = registryRows(input, NOW);
    const out = queryRegistry(rows, { search: 'example', flags: ['overdue-contact'], sort: { key: 'nextContactDue' } });
    expect(rows.length).toBeGreaterThan(4000);
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((row) => row.flags.includes('overdue-contact'))).toBe(true);
  });
});
