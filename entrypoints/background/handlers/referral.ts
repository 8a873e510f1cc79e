import { browser } from 'wxt/browser';
import type { z } from 'zod';
import { recordConsent, revoke, type Consent, type ConsentAction } from '@/lib/consent/consent';
import type { BridgeDatabase } from '@/lib/db/database';
import { readDraft } from '@/lib/db/draft-store';
import {
  allReferrals,
  consentOf,
  consentsOf,
  coveringConsent,
  followUpReminderAt,
  referralOf,
  referralsOf,
  saveConsent,
  saveReferral,
} from '@/lib/db/referral-store';
import { screeningHistoryOf, type ScoredScreeningRecord } from '@/lib/db/screening-record-store';
import { referralBundle, type ScreeningResultInput } from '@/lib/fhir/bundle';
import { referralBundleWithCarePlan } from '@/lib/fhir/careplan';
import { carePlanOf } from '@/lib/db/careplan-store';
import { sendReferralBundle } from '@/lib/fhir/send';
import { builtInAdapters } from '@/lib/ehr/adapters';
import { originPatternFor } from '@/lib/hosts/ehr-hosts';
import type { FhirEndpoint } from '@/lib/policy/schema';
import {
  fillScriptErrorSchema,
  fillScriptReplySchemas,
  type FillScriptRequest,
  type ReferringSide,
} from '@/lib/messaging/messages/referral';
import { tabPatientSchema } from '@/lib/messaging/protocol';
import type { Handlers } from '@/lib/messaging/router';
import { referralCsv } from '@/lib/referral/letter';
import { providerChoiceSchema, referralPacket, type ProviderChoice, type ReferralPacket, type ScreeningSummary } from '@/lib/referral/packet';
import { referralMappingFor } from '@/lib/referral/adapter-mapping';
import { packetFillValues, type AdapterMapping } from '@/lib/referral/plan';
import { draftReferral, followUpsDue, nextFollowUpOn, transition } from '@/lib/referral/status';
import { instrumentById, screeningMessages } from '@/lib/screening';
import { effectiveSettingsNow, policyEhrAdapters } from '../settings';
import { fhirAuthorization } from '../fhir-auth';
import { appendAudit } from '@/lib/db/audit-store';

/** The draft the treatment pane stores chosen providers in: `referral:<fingerprint>`, data `{ providers }`. */
export const REFERRAL_DRAFT_KIND = 'referral';
export const FOLLOW_UP_ALARM = 'bridge-referral-follow-up';
export const FOLLOW_UP_NOTIFICATION = 'bridge-referral-follow-up';
/** storage.local key: the UTC day the last follow-up reminder was shown, so it shows once a day. */
const LAST_REMINDER_KEY = 'referral:lastReminderDay';

// A 16×16 Bridge-green PNG: Chrome requires an icon on a basic notification, and Bridge ships none yet.
const NOTIFICATION_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mOQrXIjCTGMahjVMHw1AABV3t0Bob4CZAAAAABJRU5ErkJggg==';

const nowDate = () => new Date();

async function patientOnTab(tabId: number): Promise<string | null> {
  const key = `tab:${tabId}`;
  const parsed = tabPatientSchema.safeParse((await browser.storage.session.get(key))[key]);
  return parsed.success ? (parsed.data.context?.fingerprint ?? null) : null;
}

async function requirePatientOnTab(tabId: number, patientFingerprint: string): Promise<void> {
  if ((await patientOnTab(tabId)) !== patientFingerprint) {
    throw new Error('The chart now shows another patient. Nothing was filled; open this patient’s chart and try again.');
  }
}

async function requireConsent(db: BridgeDatabase, packet: ReferralPacket, action: ConsentAction): Promise<Consent> {
  const found = coveringConsent(await consentsOf(db, packet.patient.fingerprint), packet.providers, action, nowDate());
  if (!found.ok) throw new Error(found.message);
  return found.consent;
}


function latestScreening(records: ScoredScreeningRecord[]): ScoredScreeningRecord | null {
  const newestFirst = [...records].sort((a, b) => b.completedAt.localeCompare(a.completedAt));
  return newestFirst.find((r) => r.result.positive) ?? newestFirst[0] ?? null;
}

function screeningSummaryOf(record: ScoredScreeningRecord): ScreeningSummary {
  const instrument = instrumentById(record.instrumentId);
  return {
    instrumentId: record.instrumentId,
    instrumentName: instrument.shortName,
    score: record.result.score,
    maxScore: instrument.scoring.range.max,
    riskLevel: record.result.riskLabel.slice(0, 80),
    completedAt: new Date(record.completedAt).toISOString(),
    positive: record.result.positive,
  };
}

/** The screening as the FHIR QuestionnaireResponse needs it: English item text, coded choices, LOINC where the instrument has it. */
function screeningResultInput(record: ScoredScreeningRecord): ScreeningResultInput {
  const instrument = instrumentById(record.instrumentId);
  const t = screeningMessages('en');
  const answers: ScreeningResultInput['answers'] = [];
  for (const item of instrument.items) {
    const value = record.result.answers[item.id];
    if (value === undefined) continue;
    const answer =
      item.kind === 'choice'
        ? (() => {
            const option = item.options.find((o) => o.value === value);
            return { code: String(value), display: option ? t(option.labelKey) : String(value) };
          })()
        : Number(value);
    answers.push({ linkId: item.id, text: t(item.promptKey), ...(item.loinc ? { loinc: item.loinc } : {}), answer });
  }
  return {
    instrumentId: instrument.id,
    instrumentName: instrument.shortName,
    ...(instrument.loinc.panel ? { loincPanel: instrument.loinc.panel } : {}),
    ...(instrument.loinc.total ? { totalScoreLoinc: instrument.loinc.total } : {}),
    completedAt: new Date(record.completedAt).toISOString(),
    score: record.result.score,
    answers,
  };
}

async function referringSide(db: BridgeDatabase): Promise<ReferringSide> {
  const values = (await effectiveSettingsNow(db)).values as unknown as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  const clinic = (values.clinic ?? {}) as Record<string, unknown>;
  return {
    clinicianName: str(values.clinicianName) ?? '',
    clinicianNpi: str(values.clinicianNpi),
    clinicianPhone: str(values.clinicianPhone),
    clinicName: str(clinic.name) ?? '',
    clinicAddress: str(clinic.address),
    clinicNpi: str(clinic.npi),
  };
}

async function chosenProviders(db: BridgeDatabase, patientFingerprint: string): Promise<ProviderChoice[]> {
  const draft = await readDraft(db, REFERRAL_DRAFT_KIND, patientFingerprint);
  const list = Array.isArray(draft?.data.providers) ? draft.data.providers : [];
  return list.flatMap((p) => {
    const parsed = providerChoiceSchema.safeParse(p);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Sends one request to the fill script on the tab's top frame and validates its reply. */
async function askFillScript<K extends FillScriptRequest['op']>(tabId: number, request: Extract<FillScriptRequest, { op: K }>): Promise<z.infer<(typeof fillScriptReplySchemas)[K]>> {
  const reply: unknown = await browser.tabs.sendMessage(tabId, request, { frameId: 0 });
  const refused = fillScriptErrorSchema.safeParse(reply);
  if (refused.success) throw new Error(refused.data.error);
  const parsed = fillScriptReplySchemas[request.op].safeParse(reply);
  if (!parsed.success) throw new Error('The EHR page gave Bridge an answer it does not understand. Nothing was filled; reload the page and try again.');
  return parsed.data as z.infer<(typeof fillScriptReplySchemas)[K]>;
}

/** Puts the fill script into the tab's top document (it reaches same-origin iframes from there). */
async function injectFillScript(tabId: number): Promise<void> {
  try {
    await browser.scripting.executeScript({ target: { tabId, allFrames: false }, files: ['/referral-fill.js'] });
  } catch (error) {
    throw new Error(`Bridge cannot reach the form on this tab (${error instanceof Error ? error.message : String(error)}). Check that Bridge is allowed on this EHR.`);
  }
}

/** The screening a referral cites, as the FHIR bundle needs it; throws if retention purged it. */
async function citedScreening(db: BridgeDatabase, packet: ReferralPacket, what: string): Promise<ScreeningResultInput> {
  const { records } = await screeningHistoryOf(db, packet.patient.fingerprint);
  const screening = records.find((r) => r.instrumentId === packet.screening.instrumentId && new Date(r.completedAt).toISOString() === packet.screening.completedAt);
  if (!screening) throw new Error(`The screening this referral cites is no longer on this device (retention may have purged it). Nothing was ${what}.`);
  return screeningResultInput(screening);
}

/** The clinic's FHIR server from settings and policy, or null: by default nothing is sent anywhere. */
async function fhirEndpointNow(db: BridgeDatabase): Promise<FhirEndpoint | null> {
  return ((await effectiveSettingsNow(db)).values.fhirEndpoint as FhirEndpoint | null | undefined) ?? null;
}

/**
 * The adapter mapping for the referral form on the tab: the first clinic policy adapter, then
 * built-in adapter, that covers the tab's URL.
 */
async function adapterMappingForTab(db: BridgeDatabase, tabId: number): Promise<AdapterMapping | undefined> {
  const url = (await browser.tabs.get(tabId)).url;
  if (!url) return undefined;
  return referralMappingFor(url, [...(await policyEhrAdapters(db)), ...builtInAdapters]);
}

/**
 * Schedules (or clears) the follow-up alarm for the earliest open follow-up, and keeps the
 * toolbar badge at the number of follow-ups due.
 */
export async function scheduleFollowUpReminder(db: BridgeDatabase, now = nowDate()): Promise<void> {
  const referrals = await allReferrals(db);
  const last = (await browser.storage.local.get(LAST_REMINDER_KEY))[LAST_REMINDER_KEY];
  const when = followUpReminderAt(nextFollowUpOn(referrals), now, typeof last === 'string' ? last : null);
  await browser.alarms.clear(FOLLOW_UP_ALARM);
  if (when !== null) await browser.alarms.create(FOLLOW_UP_ALARM, { when });
  const due = followUpsDue(referrals, now).length;
  await browser.action.setBadgeText({ text: due > 0 ? String(due) : '' });
  if (due > 0) await browser.action.setBadgeBackgroundColor({ color: '#b3261e' });
}

/** The alarm fired: notify about follow-ups due (once a day), then schedule the next reminder. */
export async function remindFollowUps(db: BridgeDatabase, now = nowDate()): Promise<number> {
  const due = followUpsDue(await allReferrals(db), now);
  if (due.length > 0) {
    const first = due[0]!.referral;
    const others = due.length > 1 ? ` and ${due.length - 1} more` : '';
    await browser.notifications.create(FOLLOW_UP_NOTIFICATION, {
      type: 'basic',
      iconUrl: NOTIFICATION_ICON,
      title: `Referral follow-up due (${due.length})`,
      // No patient name on a notification: it shows on the lock screen and in the OS notification centre.
      message: `Check on the referral to ${first.packet.providers[0]?.name ?? 'a provider'}${others}. Open Bridge's referral list for details.`,
      priority: 1,
    });
    await browser.storage.local.set({ [LAST_REMINDER_KEY]: now.toISOString().slice(0, 10) });
  }
  await scheduleFollowUpReminder(db, now);
  return due.length;
}

let reminderListener: ((alarm: { name: string }) => void) | null = null;

/**
 * The background's handlers for referrals, consents and the form fill. Also registers the
 * follow-up alarm and notification listeners: createHandlers runs synchronously in the
 * service worker's first turn, which is when Chrome requires them to exist.
 */
export function referralHandlers(db: BridgeDatabase): Handlers {
  if (!reminderListener && browser.alarms?.onAlarm) {
    reminderListener = (alarm) => {
      if (alarm.name === FOLLOW_UP_ALARM) void remindFollowUps(db);
    };
    browser.alarms.onAlarm.addListener(reminderListener);
    // The toolbar badge does not survive a browser restart; alarms do, but are re-derived anyway.
    browser.runtime.onStartup.addListener(() => void scheduleFollowUpReminder(db));
    browser.notifications?.onClicked.addListener((id) => {
      if (id === FOLLOW_UP_NOTIFICATION) void browser.tabs.create({ url: browser.runtime.getURL('/referrals.html') });
    });
  }
  return {
    'referral.workspace': async ({ patientFingerprint }) => {
      const { records } = await screeningHistoryOf(db, patientFingerprint);
      const latest = latestScreening(records);
      return {
        providers: await chosenProviders(db, patientFingerprint),
        screening: latest ? screeningSummaryOf(latest) : null,
        referringSide: await referringSide(db),
        consents: await consentsOf(db, patientFingerprint),
        referrals: await referralsOf(db, patientFingerprint),
        fhirEndpoint: await fhirEndpointNow(db).then((e) => (e ? { origin: new URL(e.baseUrl).origin, permissionPattern: originPatternFor(e.baseUrl)! } : null)),
      };
    },
    'consent.record': async ({ consent }) => {
      const saved = recordConsent(consent);
      await saveConsent(db, saved, new Date().toISOString());
      await appendAudit(db, 'consent', saved.patientFingerprint, `consent ${saved.id} recorded: ${saved.permittedActions.join(', ')}, to ${saved.recipients.map((r) => (r.kind === 'named' ? r.name : r.designation)).join('; ')}`);
      return saved;
    },
    'consent.revoke': async ({ patientFingerprint, consentId, by }) => {
      const revoked = revoke(await consentOf(db, patientFingerprint, consentId), nowDate(), by);
      await saveConsent(db, revoked, new Date().toISOString());
      await appendAudit(db, 'consent', patientFingerprint, `consent ${consentId} revoked (recorded by ${by})`);
      return revoked;
    },
    'referral.create': async ({ packet }) => {
      const valid = referralPacket(packet);
      const record = draftReferral(valid, nowDate());
      await saveReferral(db, record, new Date().toISOString());
      await scheduleFollowUpReminder(db);
      return record;
    },
    'referral.updateStatus': async ({ patientFingerprint, referralId, status, appointmentOn, followUpOn }) => {
      const current = await referralOf(db, patientFingerprint, referralId);
      const next = transition(current, status, nowDate(), {
        ...(appointmentOn !== undefined ? { appointmentOn } : {}),
        ...(followUpOn !== undefined ? { followUpOn } : {}),
      });
      await saveReferral(db, next, new Date().toISOString());
      await scheduleFollowUpReminder(db);
      return next;
    },
    'referral.list': async ({ patientFingerprint }) => ({
      referrals: patientFingerprint ? await referralsOf(db, patientFingerprint) : await allReferrals(db),
    }),
    'referral.exportCsv': async ({ patientFingerprint }) => {
      const referrals = patientFingerprint ? await referralsOf(db, patientFingerprint) : await allReferrals(db);
      await appendAudit(db, 'export', patientFingerprint, `referrals CSV, ${referrals.length} rows`);
      return { csv: referralCsv(referrals), rows: referrals.length };
    },
    'referral.fhirBundle': async ({ patientFingerprint, referralId }) => {
      const { packet } = await referralOf(db, patientFingerprint, referralId);
      const consent = await requireConsent(db, packet, 'export');
      const screening = await citedScreening(db, packet, 'exported');
      const referral = referralBundle({ packet, screening, consent, type: 'collection', now: nowDate() });
      // The patient's care plan travels inside the referral bundle, pointing at its ServiceRequest.
      const plan = await carePlanOf(db, patientFingerprint);
      const bundle = plan ? referralBundleWithCarePlan(referral, { plan: plan.current, version: plan.version, versionAt: plan.history.at(-1)!.at, referralId }) : referral;
      await appendAudit(db, 'export', patientFingerprint, `FHIR R4 Bundle of referral ${referralId}${plan ? ` with care plan version ${plan.version}` : ''} (consent ${consent.id})`);
      return { bundle: bundle as unknown as Record<string, unknown> };
    },
    'referral.sendFhir': async ({ patientFingerprint, referralId }) => {
      const endpoint = await fhirEndpointNow(db);
      if (!endpoint) throw new Error('No clinic FHIR server is configured in Bridge’s settings. Nothing was sent.');
      const record = await referralOf(db, patientFingerprint, referralId);
      const host = new URL(endpoint.baseUrl).host;
      // Every chosen provider must be covered; sendReferralBundle checks the first one again.
      const consent = await requireConsent(db, record.packet, 'send').catch(async (error: unknown) => {
        await appendAudit(db, 'send', patientFingerprint, `FHIR Bundle of referral ${referralId} not sent to ${host}: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      });
      if (!(await browser.permissions.contains({ origins: [originPatternFor(endpoint.baseUrl)!] }))) {
        throw new Error(`Bridge has not been allowed to reach ${host}. Nothing was sent; press Send again and allow access when Chrome asks.`);
      }
      const authorization = await fhirAuthorization(endpoint);
      if (!authorization) {
        throw new Error(`Sign in to the clinic FHIR server (${host}) on Bridge’s options page first. Nothing was sent.`);
      }
      const bundle = referralBundle({ packet: record.packet, screening: await citedScreening(db, record.packet, 'sent'), consent, type: 'transaction', now: nowDate() });
      const result = await sendReferralBundle({
        bundle,
        endpoint: endpoint.baseUrl,
        consent,
        recipientId: record.packet.providers[0]!.id,
        now: nowDate(),
        // The token (policy bearer or SMART session) stays in the background, never in a message.
        fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, Authorization: authorization }, credentials: 'omit', redirect: 'error', cache: 'no-store' }),
      });
      await appendAudit(
        db,
        'send',
        patientFingerprint,
        result.ok
          ? `FHIR Bundle of referral ${referralId} sent to ${host}: HTTP ${result.status} after ${result.attempts} attempt(s) (consent ${consent.id})`
          : `FHIR Bundle of referral ${referralId} not sent to ${host}: ${result.message}`,
      );
      if (!result.ok) return { ok: false as const, message: result.message, attempts: result.attempts, ...(result.status !== undefined ? { status: result.status } : {}) };
      if (record.status === 'drafted') {
        await saveReferral(db, transition(record, 'sent', nowDate(), {}), new Date().toISOString());
        await scheduleFollowUpReminder(db);
      }
      return { ok: true as const, status: result.status, attempts: result.attempts, location: result.location };
    },
    'referral.letterUsed': async ({ patientFingerprint, referralId, how }) => {
      const { packet } = await referralOf(db, patientFingerprint, referralId);
      const consent = await requireConsent(db, packet, 'print');
      await appendAudit(db, 'print', patientFingerprint, `referral letter ${referralId} ${how === 'print' ? 'printed' : 'copied as text'} (consent ${consent.id})`);
      return { ok: true };
    },
    'referral.planFill': async ({ tabId, patientFingerprint, referralId }) => {
      const { packet } = await referralOf(db, patientFingerprint, referralId);
      await requireConsent(db, packet, 'fill-form');
      await requirePatientOnTab(tabId, patientFingerprint);
      await injectFillScript(tabId);
      const values = packetFillValues(packet, { consentOnFile: true });
      const adapter = await adapterMappingForTab(db, tabId);
      const { plan } = await askFillScript(tabId, { bridgeFill: 1, op: 'plan', values, ...(adapter ? { adapter } : {}) });
      return plan;
    },
    'referral.fill': async ({ tabId, patientFingerprint, referralId, plan }) => {
      // The plan went through the panel (and the clinician's edits): the tab checks patient and
      // URL again right before writing; this first check saves injecting into a changed tab.
      if ((await patientOnTab(tabId)) !== patientFingerprint) {
        const reason = 'Nothing was filled: the patient on the page changed since the plan was made. Open the right chart and plan again.';
        await appendAudit(db, 'fill', patientFingerprint, `fill refused: ${reason}`);
        return { ok: false as const, reason };
      }
      const { packet } = await referralOf(db, patientFingerprint, referralId);
      await requireConsent(db, packet, 'fill-form');
      await injectFillScript(tabId);
      const outcome = await askFillScript(tabId, { bridgeFill: 1, op: 'fill', plan, patientFingerprint });
      await appendAudit(db, 'fill', patientFingerprint, outcome.ok ? `referral form filled: ${outcome.filled.length} fields, ${outcome.skipped.length} skipped, on ${new URL(plan.url).host}` : `fill refused: ${outcome.reason}`);
      return outcome;
    },
    'referral.undoFill': async ({ tabId, patientFingerprint, undo }) => {
      await requirePatientOnTab(tabId, patientFingerprint);
      await injectFillScript(tabId);
      const { restored, missing } = await askFillScript(tabId, { bridgeFill: 1, op: 'undo', undo });
      await appendAudit(db, 'fill', patientFingerprint, `referral form fill undone: ${restored.length} fields restored`);
      return { restored, missing };
    },
    'referral.pagePatient': async (_payload, { tabId }) => ({ fingerprint: tabId === undefined ? null : await patientOnTab(tabId) }),
  };
}
