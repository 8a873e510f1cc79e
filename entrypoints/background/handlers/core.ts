import { browser } from 'wxt/browser';
import type { BridgeDatabase } from '@/lib/db/database';
import { readLocalSettings, saveLocalSettings } from '@/lib/db/settings-store';
import type { Handlers } from '@/lib/messaging/router';
import { tabPatientSchema, type PromptState, type TabPatient } from '@/lib/messaging/protocol';
import { isAdolescent } from '@/lib/ehr/patient';
import { screeningDue } from '@/lib/screening/due';
import { lastScreeningOf } from '@/lib/db/screening-store';
import { validateLocalChanges } from '@/lib/settings/merge';
import { effectiveSettingsNow, policyEhrAdapters, refreshEffectiveSettings } from '../settings';

const nowIso = () => new Date().toISOString();

async function readTabPatient(tabId: number): Promise<TabPatient | null> {
  const key = `tab:${tabId}`;
  const stored = (await browser.storage.session.get(key))[key];
  const parsed = tabPatientSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/** Whether the screening prompt should show for this patient: due, snoozed, adolescent. */
async function promptStateFor(db: BridgeDatabase, fingerprint: string, birthDate: string | null): Promise<PromptState> {
  const snooze = await db.snoozes.get(fingerprint);
  const snoozedUntil = snooze && snooze.until > nowIso() ? snooze.until : null;
  const last = await lastScreeningOf(db, fingerprint);
  const interval = (await effectiveSettingsNow(db)).values.rescreenIntervalMonths;
  const { due, label, lastScreenedOn } = screeningDue(last?.completedAt ?? null, nowIso(), interval);
  return { due, label, lastScreenedOn, snoozedUntil, adolescent: isAdolescent(birthDate, nowIso().slice(0, 10)) };
}

/** The background's answers to the core messages: patient on the page, prompt, panel, settings. */
export function coreHandlers(db: BridgeDatabase): Handlers {
  return {
    'patient.observed': async ({ context }, { tabId }) => {
      if (tabId === undefined) throw new Error('patient.observed needs a tab');
      const previous = await readTabPatient(tabId);
      const record: TabPatient = { tabId, context, observedAt: nowIso() };
      await browser.storage.session.set({ [`tab:${tabId}`]: record });
      if (context && previous?.context?.fingerprint !== context.fingerprint) {
        const { fingerprint, name, birthDate, sex, postalCode, mrn } = context;
        await db.transaction('rw', db.audit, db.patients, async () => {
          await db.audit.add({ at: record.observedAt, action: 'view', patientFingerprint: fingerprint, detail: new URL(context.sourceUrl).host });
          await db.patients.put({ fingerprint, name, birthDate, sex, postalCode, mrn, lastSeenAt: record.observedAt });
        });
      }
      return { prompt: context ? await promptStateFor(db, context.fingerprint, context.birthDate) : null };
    },
    'patient.forTab': async ({ tabId }) => readTabPatient(tabId),
    'prompt.state': async ({ fingerprint, birthDate }) => promptStateFor(db, fingerprint, birthDate),
    'prompt.snooze': async ({ fingerprint, days }) => {
      await db.snoozes.put({ patientFingerprint: fingerprint, until: new Date(Date.now() + days * 86_400_000).toISOString() });
      return { ok: true };
    },
    // The start-up script registered at document_start (ehr-boot.js) asks once the page has
    // loaded; only then is the page script compiled in the page (lib/ehr/README.md). It goes into
    // the asking document itself (a prerendered page too), or, where the browser does not say
    // which document asked, the tab's top frame, the only one the start-up script runs in; a copy
    // that lands in a page whose start-up script did not ask stays inert there.
    'ehr.start': async (_payload, { tabId, documentId }) => {
      if (tabId === undefined) throw new Error('ehr.start needs a tab');
      const target = documentId ? { tabId, documentIds: [documentId] } : { tabId, frameIds: [0] };
      const [injected, policyAdapters] = await Promise.all([browser.scripting.executeScript({ target, files: ['/ehr-page.js'], injectImmediately: true }), policyEhrAdapters(db)]);
      if (injected.length === 0) throw new Error('the page script could not be injected');
      return { policyAdapters };
    },
    'panel.open': async (_payload, { tabId }) => {
      if (tabId === undefined) throw new Error('panel.open needs a tab');
      // Both calls start before any await, so the click's user gesture still counts for open().
      const configuring = chrome.sidePanel.setOptions({ tabId, path: `sidepanel.html?tab=${tabId}`, enabled: true });
      const opening = chrome.sidePanel.open({ tabId });
      await Promise.all([configuring, opening]);
      return { ok: true };
    },
    'settings.readLocal': async () => ({ values: await readLocalSettings(db) }),
    // Validated against the settings' schemas and the policy's locks before anything is stored;
    // a rejected batch stores nothing and the reply names the key and the problem.
    'settings.saveLocal': async ({ values }) => {
      const accepted = validateLocalChanges(values, (await effectiveSettingsNow(db)).lockedKeys);
      await saveLocalSettings(db, accepted, nowIso());
      await refreshEffectiveSettings();
      return { ok: true };
    },
  };
}
