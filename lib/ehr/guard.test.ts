import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { PatientSession, type ActionTicket } from './guard';

const patients = ['pf1m-aaaa', 'pf1m-bbbb', 'pf1d-cccc'];

type Step =
  | { kind: 'navigate'; to: number | null; watcherLags: boolean }
  | { kind: 'begin'; action: 'save-screening' | 'fill-form'; checkLive: boolean }
  | { kind: 'commit'; which: number }
  | { kind: 'draft'; text: string }
  | { kind: 'show' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('navigate' as const), to: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }), watcherLags: fc.boolean() }),
  fc.record({ kind: fc.constant('begin' as const), action: fc.constantFrom('save-screening' as const, 'fill-form' as const), checkLive: fc.boolean() }),
  fc.record({ kind: fc.constant('commit' as const), which: fc.nat(20) }),
  fc.record({ kind: fc.constant('draft' as const), text: fc.string({ maxLength: 5 }) }),
  fc.constant({ kind: 'show' as const }),
);

describe('PatientSession', () => {
  test('no action ever commits to a patient other than the one it started on; no draft shows for another patient', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const session = new PatientSession(null);
        let onPage: string | null = null; // what the page really shows
        let watcherPending = false; // the watcher has not caught up yet
        const tickets: ActionTicket[] = [];
        const drafts = new Map<string, { patient: string; text: string }>();
        const written: { startedOn: string; writtenTo: string; pageShowed: string | null }[] = [];
        for (const s of steps) {
          switch (s.kind) {
            case 'navigate':
              onPage = s.to === null ? null : (patients[s.to] as string);
              watcherPending = s.watcherLags;
              if (!s.watcherLags) session.switchTo(onPage);
              break;
            case 'begin': {
              const t = session.begin(s.action, s.checkLive ? () => onPage : undefined);
              if (t && s.checkLive) expect(t.fingerprint).toBe(onPage);
              if (t) tickets.push(t);
              break;
            }
            case 'commit': {
              const t = tickets[s.which % Math.max(1, tickets.length)];
              if (!t) break;
              const r = session.commit(t, (fp) => fp, () => onPage);
              if (r.ok) written.push({ startedOn: t.fingerprint, writtenTo: r.value, pageShowed: onPage });
              break;
            }
            case 'draft':
              if (session.current && !watcherPending) drafts.set(session.current, { patient: session.current, text: s.text });
              break;
            case 'show': {
              if (watcherPending) {
                session.switchTo(onPage);
                watcherPending = false;
              }
              const shown = session.visibleDraft(drafts);
              if (shown) expect(shown.patient).toBe(session.current);
              break;
            }
          }
        }
        for (const w of written) {
          expect(w.writtenTo).toBe(w.startedOn);
          expect(w.pageShowed).toBe(w.startedOn);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  test('a ticket commits once, and not after a switch away and back', () => {
    const s = new PatientSession('pf1m-aaaa');
    const t = s.begin('save-screening') as ActionTicket;
    s.switchTo('pf1m-bbbb');
    s.switchTo('pf1m-aaaa');
    expect(s.commit(t, () => 1)).toMatchObject({ ok: false, reason: 'already-settled' });
    const u = s.begin('fill-form') as ActionTicket;
    expect(s.commit(u, () => 2)).toEqual({ ok: true, value: 2 });
    expect(s.commit(u, () => 3)).toMatchObject({ ok: false, reason: 'already-settled' });
  });

  test('the live page wins over a lagging watcher', () => {
    const s = new PatientSession('pf1m-aaaa');
    const t = s.begin('fill-form') as ActionTicket;
    expect(s.commit(t, () => 'filled', () => 'pf1m-bbbb')).toMatchObject({ ok: false, reason: 'patient-changed' });
    expect(new PatientSession(null).begin('save-screening')).toBeNull();
    expect(s.begin('save-screening', () => 'pf1m-bbbb')).toBeNull();
  });
});
