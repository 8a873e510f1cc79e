import { consentCovers, consentSchema, type Consent, type ConsentAction } from '../consent/consent';
import { referralRecordSchema, type ReferralRecord } from '../referral/status';
import type { BridgeDatabase, PatientOwnedRecord } from './database';

/**
 * Referrals and consents in the background's database. Each is stored as its validated JSON plus
 * `patientFingerprint` and `updatedAt` (the tables' indexes, with `status` and `followUpOn` for
 * referrals), and validated again on the way out: a row that no longer parses is skipped, never
 * shown as if it were whole.
 */

/** A consent or referral that belongs to another patient than the one the caller named. */
export class WrongPatientRecordError extends Error {
  override readonly name = 'WrongPatientRecordError';
}

/** Stores (replaces) a consent under its own patient. */
export async function saveConsent(db: BridgeDatabase, consent: Consent, now: string): Promise<void> {
  const row: PatientOwnedRecord = { ...consent, updatedAt: now };
  await db.consents.put(row);
}

/** The patient's consents, newest first. */
export async function consentsOf(db: BridgeDatabase, patientFingerprint: string): Promise<Consent[]> {
  const rows = await db.consents.where('patientFingerprint').equals(patientFingerprint).toArray();
  return rows
    .flatMap((row) => {
      const parsed = consentSchema.safeParse(row);
      return parsed.success && parsed.data.patientFingerprint === patientFingerprint ? [parsed.data] : [];
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** One consent of this patient, or throws `WrongPatientRecordError` (unknown id or another patient's). */
export async function consentOf(db: BridgeDatabase, patientFingerprint: string, consentId: string): Promise<Consent> {
  const found = (await consentsOf(db, patientFingerprint)).find((c) => c.id === consentId);
  if (!found) throw new WrongPatientRecordError(`No consent ${consentId} for this patient. Nothing was changed.`);
  return found;
}

/** Stores (replaces) a referral, indexed by its patient, status and follow-up date. */
export async function saveReferral(db: BridgeDatabase, referral: ReferralRecord, now: string): Promise<void> {
  const row: PatientOwnedRecord = { ...referral, patientFingerprint: referral.packet.patient.fingerprint, updatedAt: now };
  await db.referrals.put(row);
}

function parseReferrals(rows: PatientOwnedRecord[]): ReferralRecord[] {
  return rows
    .flatMap((row) => {
      const parsed = referralRecordSchema.safeParse(row);
      return parsed.success && parsed.data.packet.patient.fingerprint === row.patientFingerprint ? [parsed.data] : [];
    })
    .sort((a, b) => b.packet.createdAt.localeCompare(a.packet.createdAt));
}

/** The patient's referrals, newest first. */
export async function referralsOf(db: BridgeDatabase, patientFingerprint: string): Promise<ReferralRecord[]> {
  return parseReferrals(await db.referrals.where('patientFingerprint').equals(patientFingerprint).toArray());
}

/** Every referral on this machine (the clinic-wide list), newest first. */
export async function allReferrals(db: BridgeDatabase): Promise<ReferralRecord[]> {
  return parseReferrals(await db.referrals.toArray());
}

/** One referral of this patient, or throws `WrongPatientRecordError`. */
export async function referralOf(db: BridgeDatabase, patientFingerprint: string, referralId: string): Promise<ReferralRecord> {
  const row = await db.referrals.get(referralId);
  const found = row && row.patientFingerprint === patientFingerprint ? parseReferrals([row])[0] : undefined;
  if (!found) throw new WrongPatientRecordError(`No referral ${referralId} for this patient. Nothing was changed.`);
  return found;
}

/**
 * Hour (UTC) at which a follow-up reminder fires on its due day. Follow-up dates are whole UTC
 * days (lib/referral/status.ts); 14:00 UTC is 09:00 in US Eastern time and still the same UTC
 * day everywhere in the US, so the reminder and `followUpsDue` agree on what is due.
 */
export const REMINDER_UTC_HOUR = 14;

/**
 * When the background should next remind the clinician, as epoch ms, or null when no open
 * referral has a follow-up date. `next` is `nextFollowUpOn(...)` of the referrals. A future
 * follow-up date fires at `REMINDER_UTC_HOUR` that day; one already due fires now, unless a
 * reminder was already shown today (`lastReminderDay`, UTC YYYY-MM-DD), then at
 * `REMINDER_UTC_HOUR` tomorrow.
 */
export function followUpReminderAt(next: string | null, now: Date, lastReminderDay: string | null): number | null {
  if (next === null) return null;
  const at = (day: string) => Date.parse(`${day}T${String(REMINDER_UTC_HOUR).padStart(2, '0')}:00:00Z`);
  const today = now.toISOString().slice(0, 10);
  if (next > today) return at(next);
  if (lastReminderDay !== today) return now.getTime();
  return at(new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
}

/**
 * The patient's first consent that covers `action` for every provider of the referral now, or
 * the reason none does (the first refusal's message, e.g. revoked or expired). The panel uses it
 * to block a button with the reason; the background uses it again before acting.
 */
export function coveringConsent(
  consents: readonly Consent[],
  providers: readonly { id: string; name: string }[],
  action: ConsentAction,
  now: Date,
): { ok: true; consent: Consent } | { ok: false; message: string } {
  if (consents.length === 0) return { ok: false, message: `Record the patient’s consent (42 CFR Part 2) before you ${action.replace('-', ' ')}.` };
  let message = '';
  for (const consent of consents) {
    const failed = providers.map((p) => consentCovers(consent, { recipientId: p.id, recipientName: p.name, action, now })).find((c) => !c.ok);
    if (!failed) return { ok: true, consent };
    if (!message && !failed.ok) message = failed.message;
  }
  return { ok: false, message };
}
