import { useEffect, useState } from 'preact/hooks';
import type { TabPatient } from '@/lib/messaging/protocol';
import { PatientHeader } from '@/components/patient/PatientHeader';
import { SyncStatusBar } from '@/components/sync/SyncStatusBar';
import { sendToBackground } from '@/lib/messaging/client.browser';
import { followTabPatient, panelTabId } from './follow-tab';
import { panes } from './panes/index';
import './sidepanel.css';

/**
 * The side panel. It follows the EHR tab's patient; when that patient changes, the whole
 * workspace is re-created (keyed by fingerprint), so no view, draft or half-done action of the
 * previous patient survives on screen.
 */
export function SidePanelApp() {
  const [tabId, setTabId] = useState<number | null>(null);
  const [tabPatient, setTabPatient] = useState<TabPatient | null | undefined>(undefined);
  const [changedFrom, setChangedFrom] = useState<string | null>(null);

  useEffect(() => {
    void panelTabId(location.search).then(setTabId);
  }, []);
  useEffect(() => {
    if (tabId === null) return;
    const controller = new AbortController();
    followTabPatient(tabId, controller.signal, (next) => {
      setTabPatient((previous) => {
        const before = previous?.context;
        if (before && before.fingerprint !== next?.context?.fingerprint) setChangedFrom(before.name);
        return next;
      });
    });
    return () => controller.abort();
  }, [tabId]);

  const patient = tabPatient?.context ?? null;
  return (
    <main class="bridge-panel" aria-label="Bridge side panel">
      <header class="bridge-panel-head">
        <strong>Bridge</strong> <span class="bridge-muted">SUD screening · treatment · referral</span>{' '}
        <a href="registry.html" target="_blank" rel="noopener" data-testid="open-registry">
          Caseload registry
        </a>
      </header>
      {changedFrom && (
        <p class="bridge-alert" role="status" data-testid="patient-changed">
          Patient changed on the chart. Everything for {changedFrom} was closed.
          <button type="button" onClick={() => setChangedFrom(null)} aria-label="Dismiss notice">
            ×
          </button>
        </p>
      )}
      {tabPatient === undefined && <p class="bridge-card">Looking for the patient on this tab…</p>}
      {tabPatient !== undefined && !patient && (
        <p class="bridge-card" data-testid="no-patient">
          No patient found on this tab. Open a patient's chart in the EHR.
        </p>
      )}
      {patient && tabId !== null && <PatientWorkspace key={patient.fingerprint} tabPatient={tabPatient!} tabId={tabId} />}
    </main>
  );
}

function PatientWorkspace({ tabPatient, tabId }: { tabPatient: TabPatient; tabId: number }) {
  const patient = tabPatient.context!;
  const [paneId, setPaneId] = useState(panes[0]?.id ?? '');
  const active = panes.find((p) => p.id === paneId);
  return (
    <section data-testid="workspace" data-fingerprint={patient.fingerprint}>
      <PatientHeader patient={patient} />
      <SyncStatusBar
        open={() => sendToBackground('sync.openPatient', { patientFingerprint: patient.fingerprint })}
        syncNow={() => sendToBackground('sync.now', { patientFingerprint: patient.fingerprint })}
        conflicts={{
          load: () => sendToBackground('sync.conflicts', { patientFingerprint: patient.fingerprint }),
          resolve: (conflictId, choice) => sendToBackground('sync.resolveConflict', { patientFingerprint: patient.fingerprint, conflictId, choice }),
        }}
      />
      {panes.length > 0 && (
        <nav class="bridge-tabs" role="tablist" aria-label="Bridge sections">
          {panes.map((p) => (
            <button key={p.id} type="button" role="tab" id={`tab-${p.id}`} aria-selected={p.id === paneId} aria-controls={`pane-${p.id}`} onClick={() => setPaneId(p.id)}>
              {p.label}
            </button>
          ))}
        </nav>
      )}
      {active && (
        <div role="tabpanel" id={`pane-${active.id}`} aria-labelledby={`tab-${active.id}`}>
          <active.Pane patient={patient} tabId={tabId} goTo={(id) => panes.some((p) => p.id === id) && setPaneId(id)} />
        </div>
      )}
    </section>
  );
}
