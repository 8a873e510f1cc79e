import { carePlanOf, saveCarePlan } from '@/lib/db/careplan-store';
import type { BridgeDatabase, SyncConflictRecord } from '@/lib/db/database';
import { consentOf, referralOf, saveConsent, saveReferral } from '@/lib/db/referral-store';
import type { SyncConflictView } from '@/lib/messaging/messages/sync';
import type { Handlers } from '@/lib/messaging/router';
import { conflictFieldLabel, conflictValueText, kindLabel, resolvedCarePlan, resolvedConsent, resolvedReferral, type ConflictChoice } from '@/lib/sync/conflicts';
import { SyncEngine } from '@/lib/sync/engine';
import type { LocalRecord, SyncKind } from '@/lib/sync/resources';
import { effectiveSettingsNow } from '../settings';

// Sync conflicts for the clinician (issue 11: "shows the clinician what cannot" merge): this
// patient's open conflicts in plain words, and the clinician's choice on one, written through the
// same stores the app uses, then queued for the clinic's server.

/** Who a resolution is recorded as: the clinician named in settings, else this computer's clinician. */
async function clinicianName(db: BridgeDatabase): Promise<string> {
  const name = (await effectiveSettingsNow(db)).values.clinicianName;
  return typeof name === 'string' && name.trim() ? name.trim() : 'Clinician on this computer';
}

async function conflictViews(db: BridgeDatabase, patientFingerprint: string): Promise<SyncConflictView[]> {
  const rows = (await db.syncConflicts.where('patientFingerprint').equals(patientFingerprint).toArray()).filter((c) => !c.resolved);
  const plan = rows.some((c) => c.kind === 'care-plan') ? await carePlanOf(db, patientFingerprint) : null;
  return rows
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((c) => {
      const last = plan && plan.current.id === c.recordId ? plan.history.at(-1) : undefined;
      return {
        id: c.id,
        kind: c.kind,
        kindLabel: kindLabel(c.kind),
        recordId: c.recordId,
        foundAt: c.at,
        lastChangeHere: last ? { by: last.by, at: last.at } : null,
        fields: c.fields.map((f) => ({ path: f.path, label: conflictFieldLabel(c.kind, f), onThisComputer: conflictValueText(f.path, f.local), onServer: conflictValueText(f.path, f.remote) })),
      };
    });
}

/** Writes the chosen side through the store the app itself uses for that kind of record. */
async function applyChoice(db: BridgeDatabase, conflict: SyncConflictRecord, choice: ConflictChoice, stamp: { by: string; at: string }): Promise<void> {
  const fp = conflict.patientFingerprint;
  switch (conflict.kind as SyncKind) {
    case 'care-plan': {
      const record = await carePlanOf(db, fp);
      if (!record || record.current.id !== conflict.recordId) throw new Error('This care plan is no longer on this computer for this patient. Nothing was changed.');
      const plan = resolvedCarePlan(record.current, conflict.fields, choice);
      // A merge may have stamped a version a moment ahead of this clock: never record one before it.
      const lastAt = record.history.at(-1)!.at;
      const at = Date.parse(stamp.at) < Date.parse(lastAt) ? lastAt : stamp.at;
      await saveCarePlan(db, { patientFingerprint: fp, basedOnVersion: record.version, plan }, { by: stamp.by, at });
      return;
    }
    case 'referral': {
      const referral = await referralOf(db, fp, conflict.recordId);
      await saveReferral(db, resolvedReferral(referral, conflict.fields, choice), stamp.at);
      return;
    }
    case 'consent': {
      const consent = await consentOf(db, fp, conflict.recordId);
      await saveConsent(db, resolvedConsent(consent, conflict.fields, choice), stamp.at);
      return;
    }
    case 'screening': {
      if (choice === 'keep-local') return; // the local screening is what is stored
      const remote = conflict.fields.find((f) => f.path === '(screening)')?.remote as LocalRecord | undefined;
      if (!remote || remote.id !== conflict.recordId) throw new Error('The conflict does not hold the server’s screening. Nothing was changed.');
      // As the engine files a pulled record: under this machine's fingerprint of the patient.
      await db.screenings.put({ ...remote, patientFingerprint: fp } as never);
      return;
    }
    default:
      throw new Error(`Bridge cannot resolve a conflict on '${conflict.kind}'. Nothing was changed.`);
  }
}

/** `sync.conflicts` and `sync.resolveConflict` (merged into syncHandlers). */
export function syncConflictHandlers(db: BridgeDatabase): Handlers {
  return {
    'sync.conflicts': async ({ patientFingerprint }) => conflictViews(db, patientFingerprint),
    'sync.resolveConflict': async ({ patientFingerprint, conflictId, choice }) => {
      const conflict = await db.syncConflicts.get(conflictId);
      if (!conflict) throw new Error('This conflict is no longer on this computer. Nothing was changed.');
      if (conflict.patientFingerprint !== patientFingerprint) {
        throw new Error('This conflict belongs to another patient than the one on the chart. Nothing was changed.');
      }
      if (conflict.resolved) throw new Error('This conflict was already resolved. Nothing was changed.');
      const stamp = { by: await clinicianName(db), at: new Date().toISOString() };
      await applyChoice(db, conflict, choice, stamp);
      // Queued as the engine's own outbox entry, so the next drain sends the result.
      const outbox = new SyncEngine({
        db,
        endpoint: { baseUrl: 'http://127.0.0.1/', patientIdentifierSystem: '' },
        authorize: async () => null,
        fetch: () => Promise.reject(new Error('queue only')),
      });
      await db.transaction('rw', [db.syncConflicts, db.outbox, db.audit], async () => {
        await db.syncConflicts.put({ ...conflict, resolved: true });
        await outbox.enqueue(conflict.kind as SyncKind, conflict.recordId, patientFingerprint);
        await db.audit.add({
          at: stamp.at,
          action: 'sync-conflict-resolved',
          patientFingerprint,
          detail: `${kindLabel(conflict.kind)}: ${conflict.fields.map((f) => f.path).join(', ')} — ${choice === 'keep-local' ? 'kept this computer’s value' : 'took the clinic server’s value'} (${stamp.by})`.slice(0, 500),
        });
      });
      return conflictViews(db, patientFingerprint);
    },
  };
}
