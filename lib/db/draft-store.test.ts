import { describe, expect, it } from 'vitest';
import { BridgeDatabase } from './database';
import { discardDraft, draftIdOf, readDraft, saveDraft } from './draft-store';

const A = 'fp-aaaaaaaa';
const B = 'fp-bbbbbbbb';
const newDb = () => new BridgeDatabase(`drafts-${Math.random()}`);

describe('draft store', () => {
  it('keeps one draft per kind and patient, under `${kind}:${fingerprint}`', async () => {
    const db = newDb();
    await saveDraft(db, 'screening', A, { instrumentId: 'audit-c', answers: { q1: 'monthly-or-less' } }, '2026-11-23T10:00:00Z');
    await saveDraft(db, 'screening', A, { instrumentId: 'audit-c', answers: { q1: 'weekly' } }, '2026-11-23T10:01:00Z');
    await saveDraft(db, 'referral', A, { to: 'x' }, '2026-11-23T10:02:00Z');
    expect((await db.drafts.toArray()).map((d) => d.id).sort()).toEqual([draftIdOf('referral', A), draftIdOf('screening', A)]);
    expect(draftIdOf('screening', A)).toBe(`screening:${A}`);
    const read = await readDraft(db, 'screening', A);
    expect(read?.data).toEqual({ instrumentId: 'audit-c', answers: { q1: 'weekly' } });
    expect(read?.updatedAt).toBe('2026-11-23T10:01:00Z');
  });

  it("never returns one patient's draft when asked with another fingerprint", async () => {
    const db = newDb();
    await saveDraft(db, 'screening', A, { answers: { q1: 'never' } }, '2026-11-23T10:00:00Z');
    expect(await readDraft(db, 'screening', B)).toBeUndefined();
    expect(await readDraft(db, 'referral', A)).toBeUndefined();
  });

  it('does not return a record whose stored owner differs from its id (tampered or corrupt row)', async () => {
    const db = newDb();
    await db.drafts.put({ id: draftIdOf('screening', B), kind: 'screening', patientFingerprint: A, data: {}, updatedAt: '2026-11-23T10:00:00Z' });
    expect(await readDraft(db, 'screening', B)).toBeUndefined();
  });

  it("discards only that patient's draft of that kind", async () => {
    const db = newDb();
    await saveDraft(db, 'screening', A, {}, '2026-11-23T10:00:00Z');
    await saveDraft(db, 'screening', B, {}, '2026-11-23T10:00:00Z');
    await discardDraft(db, 'screening', A);
    expect(await readDraft(db, 'screening', A)).toBeUndefined();
    expect(await readDraft(db, 'screening', B)).toBeDefined();
    await expect(discardDraft(db, 'screening', A)).resolves.toBeUndefined();
  });
});
