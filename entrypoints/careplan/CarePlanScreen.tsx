import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { CarePlanEditor } from '@/components/careplan/CarePlanEditor';
import { ImportPreviewView, MeasurementPanel, PlanHistory } from '@/components/careplan/PlanFollowUp';
import { saveTextFile } from '@/components/ui/save-file';
import { treatmentEngagement } from '@/lib/careplan/engagement';
import { carePlan, type CarePlan } from '@/lib/careplan/plan';
import { stableJson, type VersionedCarePlan } from '@/lib/careplan/versioning';
import { sendToBackground } from '@/lib/messaging/client.browser';
import type { CarePlanWorkspace } from '@/lib/messaging/messages/careplan';
import { onPatientRecordsUpdated } from './records-updated';
import './careplan.css';

// The care plan for one patient, wired to the background: used by the side panel's Plan pane
// (with the EHR tab, so a save is refused if the chart changed patient) and by careplan.html
// (opened from the registry). Every save names the patient and the version it started from.

type ImportStage = { bundle: Record<string, unknown>; lines: string[]; warnings: string[]; sourceVersion: string | null; matchedBy: 'fingerprint' | 'name-and-birth-date'; basedOnVersion: number };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const today = () => new Date().toISOString().slice(0, 10);

function newPlan(fingerprint: string, patientName: string | null): CarePlan {
  return carePlan({
    id: crypto.randomUUID(),
    patientFingerprint: fingerprint,
    careTeam: patientName ? [{ id: crypto.randomUUID(), role: 'patient', name: patientName, responsibilities: ['Sets the goals'] }] : [],
  });
}

/** The plan editor, progress, history, FHIR export/import and the handout buttons for one patient. */
export function CarePlanScreen({ patientFingerprint, tabId, showFullPageLink }: { patientFingerprint: string; tabId?: number; showFullPageLink?: boolean }) {
  const [workspace, setWorkspace] = useState<CarePlanWorkspace | null>(null);
  const [record, setRecord] = useState<VersionedCarePlan | null>(null);
  const [working, setWorking] = useState<CarePlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [importing, setImporting] = useState<ImportStage | null>(null);
  const shortcut = useRef<() => void>(() => undefined);

  // Ctrl+S (⌘S) saves from anywhere on the page, whatever has focus.
  useEffect(() => {
    const controller = new AbortController();
    document.addEventListener(
      'keydown',
      (e) => {
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
          e.preventDefault();
          shortcut.current();
        }
      },
      { signal: controller.signal },
    );
    return () => controller.abort();
  }, []);

  const unsaved = useRef(false);
  const edited = useRef(false);
  useEffect(() => {
    const load = (pulled: boolean) =>
      sendToBackground('careplan.workspace', { patientFingerprint }).then(
        (w) => {
          // Never replace edits in progress: their save will be refused as stale and say so.
          if (pulled && unsaved.current) {
            setNotice('This patient’s records changed elsewhere (a sync with the clinic server or another window) while you were editing. Your changes are not saved yet; saving tells you if the plan itself changed.');
            return;
          }
          setWorkspace(w);
          setRecord(w.record as VersionedCarePlan | null);
          setWorking(w.record?.current ?? newPlan(patientFingerprint, w.patient?.name ?? null));
        },
        (e: unknown) => setError(message(e)),
      );
    void load(false);
    // A sync pull (or a screening saved elsewhere) reloads the plan, scores and referrals.
    return onPatientRecordsUpdated(patientFingerprint, () => void load(true));
  }, [patientFingerprint]);

  if (!workspace || !working) return <p class="bridge-card">{error ?? 'Loading the care plan…'}</p>;
  const dirty = !record || stableJson(record.current) !== stableJson(working);
  // A new plan counts as unsaved once the clinician has typed in it.
  unsaved.current = record ? dirty : edited.current;
  const last = record?.history.at(-1);

  const act = async (what: () => Promise<void>) => {
    setError(null);
    setNotice(null);
    setBusy(true);
    try {
      await what();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    act(async () => {
      const saved = (await sendToBackground('careplan.save', { patientFingerprint, basedOnVersion: record?.version ?? 0, plan: working, ...(tabId !== undefined ? { tabId } : {}) })) as VersionedCarePlan;
      setRecord(saved);
      setWorking(saved.current);
      setNotice(`Saved as version ${saved.version}.`);
    });
  shortcut.current = () => {
    if (dirty && !busy) void save();
  };
  const exportFhir = () =>
    act(async () => {
      const { bundle, fileName } = await sendToBackground('careplan.exportFhir', { patientFingerprint });
      saveTextFile(fileName, JSON.stringify(bundle, null, 2), 'application/fhir+json');
      setNotice('FHIR R4 care plan downloaded.');
    });
  const chooseImport = (file: File | undefined) =>
    act(async () => {
      if (!file) return;
      let bundle: unknown;
      try {
        bundle = JSON.parse(await file.text());
      } catch {
        throw new Error(`${file.name} is not JSON. Nothing was imported.`);
      }
      if (!bundle || typeof bundle !== 'object' || Array.isArray(bundle)) throw new Error(`${file.name} is not a FHIR Bundle. Nothing was imported.`);
      const preview = await sendToBackground('careplan.previewImport', { patientFingerprint, bundle: bundle as Record<string, unknown> });
      if (!preview.ok) throw new Error(preview.message);
      setImporting({ bundle: bundle as Record<string, unknown>, ...preview });
    });
  const applyImport = () =>
    act(async () => {
      if (!importing) return;
      const saved = (await sendToBackground('careplan.applyImport', { patientFingerprint, bundle: importing.bundle, basedOnVersion: importing.basedOnVersion })) as VersionedCarePlan;
      setRecord(saved);
      setWorking(saved.current);
      setImporting(null);
      setNotice(`Imported as version ${saved.version}.`);
    });
  const openPage = (path: string) => void browser.tabs.create({ url: browser.runtime.getURL(path as '/handout.html') });

  return (
    <div class="bridge-plan" data-testid="plan-screen">
      <div class="bridge-card bridge-plan-bar">
        <p class="bridge-plan-status" aria-live="polite" data-testid="plan-status">
          {record ? `Version ${record.version}, saved by ${last!.by}, ${new Date(last!.at).toLocaleString()}.` : 'No plan saved yet.'} {dirty && <strong>Unsaved changes.</strong>}
        </p>
        <div class="bridge-plan-form-buttons">
          <button type="button" class="bridge-primary" disabled={busy || !dirty} onClick={() => void save()} aria-keyshortcuts="Control+S">
            Save plan
          </button>
          <button type="button" disabled={busy || !record} onClick={() => void exportFhir()}>
            Export FHIR
          </button>
          <label class={`bridge-plan-file${dirty && record ? ' bridge-plan-file-disabled' : ''}`}>
            Import a colleague’s plan…
            <input type="file" accept=".json,application/fhir+json,application/json" disabled={busy || (dirty && record !== null)} onChange={(e) => void chooseImport((e.currentTarget as HTMLInputElement).files?.[0])} data-testid="plan-import-file" />
          </label>
          <button type="button" disabled={!record} onClick={() => openPage(`/handout.html?patient=${encodeURIComponent(patientFingerprint)}&lang=en`)}>
            Handout (English)
          </button>
          <button type="button" disabled={!record} onClick={() => openPage(`/handout.html?patient=${encodeURIComponent(patientFingerprint)}&lang=es`)} lang="es">
            Hoja para el paciente (español)
          </button>
          {showFullPageLink && (
            <button type="button" onClick={() => openPage(`/careplan.html?patient=${encodeURIComponent(patientFingerprint)}`)}>
              Open full page
            </button>
          )}
        </div>
        {error && (
          <p class="bridge-alert" role="alert" data-testid="plan-error">
            {error}
          </p>
        )}
        {notice && (
          <p role="status" data-testid="plan-notice">
            {notice}
          </p>
        )}
      </div>
      {importing && (
        <ImportPreviewView {...importing} busy={busy} onApply={() => void applyImport()} onCancel={() => setImporting(null)} />
      )}
      <MeasurementPanel plan={working} scores={workspace.scores} engagement={treatmentEngagement(working, workspace.referrals, new Date())} now={new Date()} />
      <CarePlanEditor
        plan={working}
        onChange={(next) => {
          edited.current = true;
          setWorking(next);
        }}
        suggestions={{
          latestPositive: workspace.latestPositive,
          providers: workspace.chosenProviders.map((p) => ({ id: p.id, name: p.name })),
          referrals: workspace.referrals.map((r) => ({ id: r.id, label: `${r.packet.providers[0]?.name ?? 'Referral'} (${r.status})` })),
        }}
        today={today()}
        newId={() => crypto.randomUUID()}
      />
      {record && <PlanHistory record={record} />}
    </div>
  );
}
