import { browser } from 'wxt/browser';
import type { BridgeDatabase } from '@/lib/db/database';
import { discardDraft, readDraft, saveDraft } from '@/lib/db/draft-store';
import { SCREENINGS_UPDATED_KEY, recordScreening, screeningHistoryOf } from '@/lib/db/screening-record-store';
import { tabPatientSchema } from '@/lib/messaging/protocol';
import type { Handlers } from '@/lib/messaging/router';
import type { PatientContext } from '@/lib/ehr/patient';
import { effectiveSettingsNow } from '../settings';

/** The patient the EHR tab shows right now, as the content script last reported it. */
async function patientOnTab(tabId: number): Promise<PatientContext | null> {
  const key = `tab:${tabId}`;
  const parsed = tabPatientSchema.safeParse((await browser.storage.session.get(key))[key]);
  return parsed.success ? parsed.data.context : null;
}

/** Screenings (scored here, never trusted from the page) and per-patient drafts. */
export function screeningHandlers(db: BridgeDatabase): Handlers {
  return {
    'screening.save': async ({ tabId, ...submission }) => {
      const [chartPatient, settings] = await Promise.all([patientOnTab(tabId), effectiveSettingsNow(db)]);
      const record = await recordScreening(db, submission, chartPatient, { now: new Date().toISOString(), auditCCutoffs: settings.values.auditCCutoffs });
      // Tells open side panels (storage.session reaches extension pages only) to refresh this patient's history.
      await browser.storage.session.set({ [SCREENINGS_UPDATED_KEY]: { patientFingerprint: record.patientFingerprint, at: record.completedAt } });
      return record;
    },
    'screening.history': async ({ patientFingerprint }) => screeningHistoryOf(db, patientFingerprint),
    'draft.save': async ({ kind, patientFingerprint, data }) => {
      const { updatedAt } = await saveDraft(db, kind, patientFingerprint, data, new Date().toISOString());
      return { updatedAt };
    },
    'draft.read': async ({ kind, patientFingerprint }) => {
      const draft = await readDraft(db, kind, patientFingerprint);
      return draft ? { data: draft.data, updatedAt: draft.updatedAt } : null;
    },
    'draft.discard': async ({ kind, patientFingerprint }) => {
      await discardDraft(db, kind, patientFingerprint);
      return { ok: true };
    },
  };
}
