import { useEffect, useState } from 'preact/hooks';
import type { TabPatient } from '@/lib/messaging/protocol';
import { PatientHeader } from '@/components/patient/PatientHeader';
import { followTabPatient, panelTabId } from './follow-tab';

/** The side panel: it follows the EHR tab's patient and rebuilds every view when it changes. */
export function SidePanelApp() {
  const [tabId, setTabId] = useState<number | null>(null);
  const [tabPatient, setTabPatient] = useState<TabPatient | null | undefined>(undefined);

  useEffect(() => {
    void panelTabId(location.search).then(setTabId);
  }, []);
  useEffect(() => {
    if (tabId === null) return;
    const controller = new AbortController();
    followTabPatient(tabId, controller.signal, setTabPatient);
    return () => controller.abort();
  }, [tabId]);

  const patient = tabPatient?.context ?? null;
  return (
    <main class="bridge-panel" aria-label="Bridge side panel">
      <header class="bridge-panel-head">
        <strong>Bridge</strong> <span class="bridge-muted">SUD screening · treatment · referral</span>
      </header>
      {tabPatient === undefined && <p class="bridge-card">Looking for the patient on this tab…</p>}
      {tabPatient !== undefined && !patient && (
        <p class="bridge-card" data-testid="no-patient">
          No patient found on this tab. Open a patient's chart in the EHR.
        </p>
      )}
      {patient && <PatientWorkspace key={patient.fingerprint} tabPatient={tabPatient!} />}
    </main>
  );
}

function PatientWorkspace({ tabPatient }: { tabPatient: TabPatient }) {
  const patient = tabPatient.context!;
  return (
    <section data-testid="workspace" data-fingerprint={patient.fingerprint}>
      <PatientHeader patient={patient} />
    </section>
  );
}
