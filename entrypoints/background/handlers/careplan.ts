import { browser } from 'wxt/browser';
import type { BridgeDatabase } from '@/lib/db/database';
import { carePlanOf, saveCarePlan } from '@/lib/db/careplan-store';
import { readDraft } from '@/lib/db/draft-store';
import { consentsOf, referralsOf } from '@/lib/db/referral-store';
import { consentStatus } from '@/lib/consent/consent';
import { screeningHistoryOf } from '@/lib/db/screening-record-store';
import { carePlanBundle } from '@/lib/fhir/careplan';
import { carePlanFromBundle, importPreview, type ChartPatient } from '@/lib/fhir/careplan-import';
import type { CarePlanWorkspace } from '@/lib/messaging/messages/careplan';
import { tabPatientSchema } from '@/lib/messaging/protocol';
import type { Handlers } from '@/lib/messaging/router';
import { providerChoiceSchema, type ProviderChoice } from '@/lib/referral/packet';
import { instrumentById } from '@/lib/screening';
import { effectiveSettingsNow } from '../settings';
import { REFERRAL_DRAFT_KIND } from './referral';
import { appendAudit } from '@/lib/db/audit-store';

// The shared care plan: the editor's data, versioned saves (refused for another patient or an
// out-of-date version), FHIR export and import with a preview, and the patient handout's data.

const nowIso = () => new Date().toISOString();


/** Who a version is recorded as: the clinician named in settings, else this computer's clinician. */
async function clinicianName(db: BridgeDatabase): Promise<string> {
  const name = (await effectiveSettingsNow(db)).values.clinicianName;
  return typeof name === 'string' && name.trim() ? name.trim() : 'Clinician on this computer';
}

async function requirePatientOnTab(tabId: number, patientFingerprint: string): Promise<void> {
  const key = `tab:${tabId}`;
  const parsed = tabPatientSchema.safeParse((await browser.storage.session.get(key))[key]);
  if (!parsed.success || parsed.data.context?.fingerprint !== patientFingerprint) {
    throw new Error('The chart now shows another patient; this care plan was not saved.');
  }
}

async function chartPatient(db: BridgeDatabase, patientFingerprint: string): Promise<ChartPatient> {
  const patient = await db.patients.get(patientFingerprint);
  if (!patient) throw new Error('Bridge has not seen this patient’s chart on this computer, so it cannot check whose plan the file holds. Nothing was imported.');
  return { fingerprint: patient.fingerprint, name: patient.name, birthDate: patient.birthDate };
}

async function chosenProviders(db: BridgeDatabase, patientFingerprint: string): Promise<ProviderChoice[]> {
  const list = (await readDraft(db, REFERRAL_DRAFT_KIND, patientFingerprint))?.data.providers;
  return (Array.isArray(list) ? list : []).flatMap((p) => {
    const parsed = providerChoiceSchema.safeParse(p);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Reads the colleague's bundle against this chart and this computer's plan; refuses with the reason. */
async function readImport(db: BridgeDatabase, patientFingerprint: string, bundle: unknown) {
  const [chart, record] = await Promise.all([chartPatient(db, patientFingerprint), carePlanOf(db, patientFingerprint)]);
  return { record, imported: carePlanFromBundle(bundle, chart, record?.current ?? null) };
}

export function carePlanHandlers(db: BridgeDatabase): Handlers {
  return {
    'careplan.workspace': async ({ patientFingerprint }): Promise<CarePlanWorkspace> => {
      const [record, patient, history, referrals, providers, by] = await Promise.all([
        carePlanOf(db, patientFingerprint),
        db.patients.get(patientFingerprint),
        screeningHistoryOf(db, patientFingerprint),
        referralsOf(db, patientFingerprint),
        chosenProviders(db, patientFingerprint),
        clinicianName(db),
      ]);
      const latest = history.records.at(-1);
      await appendAudit(db, 'view', patientFingerprint, `care plan opened${record ? ` (version ${record.version})` : ' (no plan yet)'}`);
      return {
        record,
        patient: patient ? { fingerprint: patient.fingerprint, name: patient.name, birthDate: patient.birthDate, mrn: patient.mrn } : null,
        scores: history.records.map((r) => ({ instrumentId: r.instrumentId, score: r.result.score, at: r.completedAt })),
        latestPositive:
          latest && latest.result.positive
            ? {
                instrumentId: latest.instrumentId,
                description: `${latest.result.riskLabel} (${instrumentById(latest.instrumentId).shortName} ${latest.result.score} of ${instrumentById(latest.instrumentId).scoring.range.max})`,
                score: latest.result.score,
                on: latest.completedAt.slice(0, 10),
              }
            : null,
        referrals,
        chosenProviders: providers,
        by,
      };
    },
    'careplan.save': async ({ patientFingerprint, basedOnVersion, plan, tabId }) => {
      if (tabId !== undefined) await requirePatientOnTab(tabId, patientFingerprint);
      return saveCarePlan(db, { patientFingerprint, basedOnVersion, plan }, { by: await clinicianName(db), at: nowIso() });
    },
    'careplan.exportFhir': async ({ patientFingerprint }) => {
      const record = await carePlanOf(db, patientFingerprint);
      if (!record) throw new Error('This patient has no care plan yet. Nothing was exported.');
      // The plan holds SUD information (42 CFR Part 2): a file of it is made only under a consent
      // the patient gave for export, as for the referral's own FHIR export.
      const now = new Date();
      const consent = (await consentsOf(db, patientFingerprint)).find((c) => consentStatus(c, now) === 'active' && c.permittedActions.includes('export'));
      if (!consent) {
        await appendAudit(db, 'export', patientFingerprint, `care plan version ${record.version} not exported: no active consent allowing export`);
        throw new Error('Record the patient’s consent to disclosure (Refer tab, "Record consent…") that allows export first. Nothing was exported.');
      }
      const patient = await db.patients.get(patientFingerprint);
      const bundle = carePlanBundle({
        plan: record.current,
        version: record.version,
        versionAt: record.history.at(-1)!.at,
        type: 'collection',
        ...(patient ? { patient: { name: patient.name, birthDate: patient.birthDate } } : {}),
      });
      await appendAudit(db, 'export', patientFingerprint, `care plan version ${record.version} as a FHIR R4 Bundle (file, consent ${consent.id})`);
      return { bundle: bundle as unknown as Record<string, unknown>, fileName: `care-plan-v${record.version}.fhir.json` };
    },
    'careplan.previewImport': async ({ patientFingerprint, bundle }) => {
      const { record, imported } = await readImport(db, patientFingerprint, bundle);
      if (!imported.ok) return imported;
      const { lines } = importPreview(record?.current ?? null, imported.plan);
      return {
        ok: true as const,
        plan: imported.plan,
        lines,
        warnings: imported.warnings,
        basedOnVersion: record?.version ?? 0,
        sourceVersion: imported.sourceVersion,
        matchedBy: imported.matchedBy,
      };
    },
    'careplan.applyImport': async ({ patientFingerprint, bundle, basedOnVersion }) => {
      const { imported } = await readImport(db, patientFingerprint, bundle);
      if (!imported.ok) throw new Error(imported.message);
      const from = `imported from a colleague’s FHIR care plan${imported.sourceVersion ? ` (their version ${imported.sourceVersion})` : ''}`;
      return saveCarePlan(db, { patientFingerprint, basedOnVersion, plan: imported.plan }, { by: `${await clinicianName(db)}, ${from}`, at: nowIso() });
    },
    'careplan.handout': async ({ patientFingerprint }) => {
      const [record, patient, referrals, chosen] = await Promise.all([
        carePlanOf(db, patientFingerprint),
        db.patients.get(patientFingerprint),
        referralsOf(db, patientFingerprint),
        chosenProviders(db, patientFingerprint),
      ]);
      const open = referrals.filter((r) => r.status !== 'closed' && r.status !== 'declined');
      const places = new Map<string, { name: string; address: string; phone: string }>();
      for (const p of [...open.flatMap((r) => r.packet.providers), ...chosen]) if (!places.has(p.id)) places.set(p.id, { name: p.name, address: p.address, phone: p.phone });
      const today = nowIso().slice(0, 10);
      const appointment = open
        .filter((r) => r.status === 'scheduled' && r.appointmentOn && r.appointmentOn >= today)
        .sort((a, b) => a.appointmentOn!.localeCompare(b.appointmentOn!))[0];
      const nextContact = record?.current.nextContactDue && record.current.nextContactDue >= today ? record.current.nextContactDue : null;
      return {
        plan: record?.current ?? null,
        patientName: patient?.name ?? null,
        places: [...places.values()],
        nextVisit: appointment ? { on: appointment.appointmentOn!, place: appointment.packet.providers[0]?.name ?? null } : nextContact ? { on: nextContact, place: null } : null,
      };
    },
  };
}
