import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { carePlanOf, saveCarePlan } from '@/lib/db/careplan-store';
import { samplePlanInput } from '@/lib/careplan/test-support';
import { carePlan } from '@/lib/careplan/plan';
import { BridgeDatabase, type SyncConflictRecord } from '@/lib/db/database';
import { saveLocalSettings } from '@/lib/db/settings-store';
import { routeMessage, type SenderFacts } from '@/lib/messaging/router';
import { syncConflictHandlers } from './sync-conflicts';

const ctx = { ownId: 'bridge-id', ownOrigin: 'chrome-extension://bridge-id' };
const fromPanel: SenderFacts = { extensionId: 'bridge-id', url: 'chrome-extension://bridge-id/sidepanel.html?tab=7', tabId: undefined };
const fromContent: SenderFacts = { extensionId: 'bridge-id', url: 'http://127.0.0.1/chart/p02', tabId: 7 };
const FP = 'fp-abcdef0123';
const OTHER = 'fp-other-patient';

let db: BridgeDatabase;
const send = (type: string, payload: unknown, sender = fromPanel) => routeMessage({ bridge: 1, type, payload }, sender, syncConflictHandlers(db), ctx, () => undefined);

const plan = carePlan(samplePlanInput());
const localGoal = { ...plan.goals[0]!, targetDate: '2027-03-01' };
const remoteGoal = { ...plan.goals[0]!, targetDate: '2027-04-15', patientWords: 'I want to drive my kids to school sober, every morning.' };
const conflict: SyncConflictRecord = {
  id: 'care-plan:plan-0001@2026-11-23T15:00:00.000Z',
  key: 'care-plan:plan-0001',
  kind: 'care-plan',
  recordId: 'plan-0001',
  patientFingerprint: FP,
  at: '2026-11-23T15:00:00.000Z',
  fields: [{ path: 'goals/g-drive', local: localGoal, remote: remoteGoal }],
  resolved: false,
};

beforeEach(async () => {
  fakeBrowser.reset();
  db = new BridgeDatabase(`sync-handlers-${Math.random()}`);
  await saveLocalSettings(db, { clinicianName: 'Dr. Ana Rivera' }, '2026-11-23T13:00:00.000Z');
  // This machine's plan after the merge: its own goal kept, the server's in the conflict.
  await saveCarePlan(db, { patientFingerprint: FP, basedOnVersion: 0, plan: { ...plan, goals: [localGoal] } }, { by: 'Nurse Kim', at: '2026-11-23T14:00:00.000Z' });
  await db.syncConflicts.put(conflict);
});

describe('sync.conflicts', () => {
  it("lists this patient's open conflicts in plain words, with both values and the last change here", async () => {
    const reply = await send('sync.conflicts', { patientFingerprint: FP });
    expect(reply).toEqual({
      ok: true,
      data: [
        {
          id: conflict.id,
          kind: 'care-plan',
          kindLabel: 'Care plan',
          recordId: 'plan-0001',
          foundAt: conflict.at,
          lastChangeHere: { by: 'Nurse Kim', at: '2026-11-23T14:00:00.000Z' },
          fields: [
            {
              path: 'goals/g-drive',
              label: 'Goal “I want to be sober enough to drive my kids to school every morning.”',
              onThisComputer: '“I want to be sober enough to drive my kids to school every morning.”, target 2027-03-01, status active',
              onServer: '“I want to drive my kids to school sober, every morning.”, target 2027-04-15, status active',
            },
          ],
        },
      ],
    });
    expect(await send('sync.conflicts', { patientFingerprint: OTHER })).toEqual({ ok: true, data: [] });
  });
});

describe('sync.resolveConflict', () => {
  it("takes the server's goal as a new plan version with who and when, resolves the conflict and queues the plan", async () => {
    const reply = await send('sync.resolveConflict', { patientFingerprint: FP, conflictId: conflict.id, choice: 'take-remote' });
    expect(reply).toEqual({ ok: true, data: [] });
    const stored = await carePlanOf(db, FP);
    expect(stored?.version).toBe(2);
    expect(stored?.current.goals).toEqual([remoteGoal]);
    expect(stored?.history.at(-1)).toMatchObject({ version: 2, by: 'Dr. Ana Rivera' });
    expect((await db.syncConflicts.get(conflict.id))?.resolved).toBe(true);
    expect(await db.outbox.get('care-plan:plan-0001')).toMatchObject({ kind: 'care-plan', recordId: 'plan-0001', patientFingerprint: FP, state: 'pending' });
    expect((await db.audit.toArray()).map((a) => a.action)).toContain('sync-conflict-resolved');
  });

  it("keeps this computer's goal: no new version, the conflict resolved, the plan queued so the server gets it", async () => {
    const reply = await send('sync.resolveConflict', { patientFingerprint: FP, conflictId: conflict.id, choice: 'keep-local' });
    expect(reply).toEqual({ ok: true, data: [] });
    const stored = await carePlanOf(db, FP);
    expect(stored?.version).toBe(1);
    expect(stored?.current.goals).toEqual([localGoal]);
    expect((await db.syncConflicts.get(conflict.id))?.resolved).toBe(true);
    expect(await db.outbox.get('care-plan:plan-0001')).toMatchObject({ state: 'pending', patientFingerprint: FP });
  });

  it("refuses a conflict of another patient and changes nothing", async () => {
    const reply = await send('sync.resolveConflict', { patientFingerprint: OTHER, conflictId: conflict.id, choice: 'take-remote' });
    expect(reply).toEqual({ ok: false, error: 'This conflict belongs to another patient than the one on the chart. Nothing was changed.' });
    expect((await carePlanOf(db, FP))?.current.goals).toEqual([localGoal]);
    expect((await db.syncConflicts.get(conflict.id))?.resolved).toBe(false);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses an unknown or already resolved conflict, and a content script', async () => {
    expect(await send('sync.resolveConflict', { patientFingerprint: FP, conflictId: 'nope', choice: 'keep-local' })).toMatchObject({ ok: false, error: expect.stringMatching(/no longer on this computer/) });
    await send('sync.resolveConflict', { patientFingerprint: FP, conflictId: conflict.id, choice: 'keep-local' });
    expect(await send('sync.resolveConflict', { patientFingerprint: FP, conflictId: conflict.id, choice: 'take-remote' })).toMatchObject({ ok: false, error: expect.stringMatching(/already resolved/) });
    expect(await send('sync.conflicts', { patientFingerprint: FP }, fromContent)).toMatchObject({ ok: false });
  });

  it('refuses a choice that would leave an invalid plan, and changes nothing', async () => {
    // The server removed the goal that this machine's interventions still need.
    await db.syncConflicts.put({ ...conflict, id: 'c2', fields: [{ path: 'goals/g-drive', local: localGoal, remote: null }] });
    const reply = await send('sync.resolveConflict', { patientFingerprint: FP, conflictId: 'c2', choice: 'take-remote' });
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/Nothing was saved/) });
    expect((await carePlanOf(db, FP))?.version).toBe(1);
    expect((await db.syncConflicts.get('c2'))?.resolved).toBe(false);
    expect(await db.outbox.count()).toBe(0);
  });
});
