import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ConsentForm } from '@/components/referral/ConsentForm';
import { ConsentList } from '@/components/referral/ConsentList';
import { FillPreview } from '@/components/referral/FillPreview';
import { ReferralLetter } from '@/components/referral/ReferralLetter';
import { ReferralList } from '@/components/referral/ReferralList';
import type { ConsentAction } from '@/lib/consent/consent';
import { coveringConsent } from '@/lib/db/referral-store';
import { sendToBackground } from '@/lib/messaging/client.browser';
import type { FillReply, ReferralWorkspace } from '@/lib/messaging/messages/referral';
import { referralLetterText } from '@/lib/referral/letter';
import { ASAM_LEVELS, referralPacket, ReferralPacketError, type ReferralPacket, type Urgency } from '@/lib/referral/packet';
import type { FillPlan } from '@/lib/referral/plan';
import { followUpsDue } from '@/lib/referral/status';
import type { PaneDefinition, PaneProps } from './types';
import './refer.css';
import { saveTextFile } from '@/components/ui/save-file';

// The "Refer" pane: consent (42 CFR §2.31), the referral packet, pre-filling the EHR's own form
// (plan → editable preview → fill → undo, all through the background), the letter, the FHIR
// bundle, and this patient's referrals with their follow-up dates. Every disclosure button is
// blocked, with the reason, until an active consent covers it; the background checks again.

/** ICD-10-CM codes offered as suggestions; the clinician confirms any code (domain.md). */
const DIAGNOSES = [
  ['F10.10', 'Alcohol abuse, uncomplicated'],
  ['F10.20', 'Alcohol dependence, uncomplicated'],
  ['F11.20', 'Opioid dependence, uncomplicated'],
  ['F12.10', 'Cannabis abuse, uncomplicated'],
  ['F12.20', 'Cannabis dependence, uncomplicated'],
  ['F14.20', 'Cocaine dependence, uncomplicated'],
  ['F15.20', 'Other stimulant dependence, uncomplicated'],
  ['F19.20', 'Other psychoactive substance dependence, uncomplicated'],
] as const;

const today = () => new Date().toISOString().slice(0, 10);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

type FillStage =
  | { kind: 'idle' }
  | { kind: 'planning' }
  | { kind: 'preview'; plan: FillPlan; message?: string; busy?: boolean }
  | { kind: 'filled'; reply: Extract<FillReply, { ok: true }>; undone?: string };

/** Where the POST to the clinic's FHIR server stands, for the status line under the button. */
type SendStage =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'sent'; status: number; location: string | null }
  | { kind: 'failed'; reason: string };

function ReferPane({ patient, tabId, goTo }: PaneProps) {
  const fingerprint = patient.fingerprint;
  const [workspace, setWorkspace] = useState<ReferralWorkspace | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [recordingConsent, setRecordingConsent] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [fill, setFill] = useState<FillStage>({ kind: 'idle' });
  const [showLetter, setShowLetter] = useState(false);
  const [send, setSend] = useState<SendStage>({ kind: 'idle' });

  const load = () =>
    sendToBackground('referral.workspace', { patientFingerprint: fingerprint }).then(
      (w) => {
        setWorkspace(w);
        setSelectedId((id) => id ?? w.referrals.find((r) => r.status !== 'closed')?.id ?? null);
      },
      (e: unknown) => setError(message(e)),
    );
  // Only the active pane is mounted, so coming back from "Find treatment" reloads the chosen providers.
  useEffect(() => {
    void load();
  }, [fingerprint]);

  if (!workspace) return <p class="bridge-card">{error ?? 'Loading referrals…'}</p>;
  const now = new Date();
  const selected = workspace.referrals.find((r) => r.id === selectedId) ?? null;
  const due = followUpsDue(workspace.referrals, now);
  const consentFor = (action: ConsentAction) => (selected ? coveringConsent(workspace.consents, selected.packet.providers, action, now) : null);

  const act = async (what: () => Promise<void>) => {
    setError(null);
    setNotice(null);
    try {
      await what();
    } catch (e) {
      setError(message(e));
    }
  };

  const planFill = () =>
    act(async () => {
      if (!selected) return;
      setFill({ kind: 'planning' });
      try {
        const plan = await sendToBackground('referral.planFill', { tabId, patientFingerprint: fingerprint, referralId: selected.id });
        setFill({ kind: 'preview', plan });
      } catch (e) {
        setFill({ kind: 'idle' });
        throw e;
      }
    });

  const confirmFill = (plan: FillPlan) =>
    act(async () => {
      if (!selected) return;
      setFill({ kind: 'preview', plan, busy: true });
      const reply = await sendToBackground('referral.fill', { tabId, patientFingerprint: fingerprint, referralId: selected.id, plan }).catch((e: unknown) => ({ ok: false as const, reason: message(e) }));
      setFill(reply.ok ? { kind: 'filled', reply } : { kind: 'preview', plan, message: reply.reason });
    });

  const undo = () =>
    act(async () => {
      if (fill.kind !== 'filled') return;
      const { restored, missing } = await sendToBackground('referral.undoFill', { tabId, patientFingerprint: fingerprint, undo: fill.reply.undo });
      setFill({ ...fill, undone: `Restored ${restored.length} field${restored.length === 1 ? '' : 's'} to what they were${missing.length ? `; ${missing.length} are no longer on the page` : ''}.` });
    });

  const letterUsed = (how: 'print' | 'copy') =>
    act(async () => {
      if (!selected) return;
      await sendToBackground('referral.letterUsed', { patientFingerprint: fingerprint, referralId: selected.id, how });
      if (how === 'print') window.print();
      else {
        await navigator.clipboard.writeText(referralLetterText(selected.packet));
        setNotice('The letter was copied as text.');
      }
    });

  const exportBundle = () =>
    act(async () => {
      if (!selected) return;
      const { bundle } = await sendToBackground('referral.fhirBundle', { patientFingerprint: fingerprint, referralId: selected.id });
      saveTextFile(`referral-${selected.id}.fhir.json`, JSON.stringify(bundle, null, 2), 'application/fhir+json');
      setNotice('FHIR R4 bundle downloaded.');
    });

  /**
   * Asks for the endpoint's host permission first, inside the click's user gesture (no await
   * before it; Chrome answers at once when it is already granted), then has the background send.
   */
  const sendToClinicServer = () => {
    const endpoint = workspace.fhirEndpoint;
    if (!selected || !endpoint) return;
    const referralId = selected.id;
    setSend({ kind: 'sending' });
    browser.permissions
      .request({ origins: [endpoint.permissionPattern] })
      .then(async (granted) => {
        if (!granted) {
          setSend({ kind: 'failed', reason: `Bridge was not allowed to reach ${endpoint.origin}, so nothing was sent.` });
          return;
        }
        const reply = await sendToBackground('referral.sendFhir', { patientFingerprint: fingerprint, referralId });
        setSend(reply.ok ? { kind: 'sent', status: reply.status, location: reply.location } : { kind: 'failed', reason: reply.message });
        if (reply.ok) await load();
      })
      .catch((e: unknown) => setSend({ kind: 'failed', reason: message(e) }));
  };

  const blocked = (action: ConsentAction) => {
    const check = consentFor(action);
    return check && !check.ok ? check.message : null;
  };

  const firstBlock = (workspace.fhirEndpoint ? (['fill-form', 'print', 'export', 'send'] as const) : (['fill-form', 'print', 'export'] as const)).map(blocked).find(Boolean);

  return (
    <div class="bridge-refer" data-testid="refer-pane">
      {due.length > 0 && (
        <p class="bridge-refer-due" role="status" data-testid="follow-up-due">
          Follow-up due: {due.length} referral{due.length === 1 ? '' : 's'}
        </p>
      )}
      {error && (
        <p class="bridge-alert" role="alert" data-testid="refer-error">
          {error}
        </p>
      )}
      {notice && (
        <p class="bridge-card" role="status" data-testid="refer-notice">
          {notice}
        </p>
      )}

      {!workspace.screening && (
        <p class="bridge-card">
          No screening for this patient yet.{' '}
          <button type="button" onClick={() => goTo('screen')}>
            Screen the patient
          </button>
        </p>
      )}
      {workspace.providers.length === 0 && (
        <p class="bridge-card">
          No provider chosen yet.{' '}
          <button type="button" onClick={() => goTo('treatment')}>
            Find treatment
          </button>
        </p>
      )}

      <section class="bridge-card" aria-labelledby="bridge-refer-consent">
        <h2 id="bridge-refer-consent" class="bridge-refer-heading">
          Consent
        </h2>
        <ConsentList
          consents={workspace.consents}
          now={now}
          onRevoke={(consentId, by) => void act(async () => {
            await sendToBackground('consent.revoke', { patientFingerprint: fingerprint, consentId, by });
            await load();
          })}
        />
        {!recordingConsent && workspace.providers.length > 0 && (
          <button type="button" onClick={() => setRecordingConsent(true)}>
            Record consent…
          </button>
        )}
      </section>
      {recordingConsent && (
        <ConsentForm
          patientName={patient.name}
          patientFingerprint={fingerprint}
          discloser={[workspace.referringSide.clinicianName, workspace.referringSide.clinicName].filter(Boolean).join(', ') || 'The referring clinic'}
          recipients={workspace.providers.map((p) => ({ id: p.id, name: p.name }))}
          today={today()}
          nowIso={new Date().toISOString()}
          newId={() => crypto.randomUUID()}
          onCancel={() => setRecordingConsent(false)}
          onSave={(consent) => void act(async () => {
            await sendToBackground('consent.record', { consent });
            setRecordingConsent(false);
            setNotice('Consent recorded.');
            await load();
          })}
        />
      )}

      {workspace.screening && workspace.providers.length > 0 && (
        <PacketForm
          workspace={workspace}
          patient={patient}
          onCreate={(packet) => act(async () => {
            const record = await sendToBackground('referral.create', { packet });
            setSelectedId(record.id);
            setFill({ kind: 'idle' });
            setSend({ kind: 'idle' });
            setShowLetter(false);
            await load();
          })}
        />
      )}

      {selected && (
        <section class="bridge-card" aria-labelledby="bridge-refer-current" data-testid="current-referral">
          <h2 id="bridge-refer-current" class="bridge-refer-heading">
            Referral to {selected.packet.providers.map((p) => p.name).join('; ')}
          </h2>
          <div class="bridge-refer-actions">
            <ActionButton label="Preview fill of the EHR form" blockedBy={blocked('fill-form')} busy={fill.kind === 'planning'} onClick={planFill} />
            <ActionButton label={showLetter ? 'Hide letter' : 'Show letter'} blockedBy={null} onClick={() => setShowLetter(!showLetter)} />
            <ActionButton label="Download FHIR bundle" blockedBy={blocked('export')} onClick={exportBundle} />
            {workspace.fhirEndpoint && (
              <ActionButton label="Send to clinic FHIR server" blockedBy={blocked('send')} busy={send.kind === 'sending'} onClick={sendToClinicServer} />
            )}
          </div>
          {workspace.fhirEndpoint && send.kind !== 'idle' && <SendStatus stage={send} origin={workspace.fhirEndpoint.origin} onRetry={sendToClinicServer} />}
          {firstBlock && (
            <p class="bridge-alert" data-testid="consent-block">
              {firstBlock}
            </p>
          )}
        </section>
      )}

      {fill.kind === 'preview' && (
        <FillPreview
          plan={fill.plan}
          message={fill.message}
          busy={fill.busy}
          onChange={(plan) => setFill({ ...fill, plan })}
          onConfirm={confirmFill}
          onCancel={() => setFill({ kind: 'idle' })}
        />
      )}
      {fill.kind === 'filled' && (
        <section class="bridge-card" data-testid="fill-result" role="status">
          <p>
            Filled {fill.reply.filled.length} field{fill.reply.filled.length === 1 ? '' : 's'} on the EHR form (outlined in green). Check them, then sign and send the
            form in the EHR.
          </p>
          {fill.reply.skipped.length > 0 && (
            <ul>
              {fill.reply.skipped.map((s) => (
                <li key={s.fieldKey}>Skipped: {s.reason}</li>
              ))}
            </ul>
          )}
          {fill.undone ? (
            <p data-testid="undo-result">{fill.undone}</p>
          ) : (
            <button type="button" onClick={undo}>
              Undo fill
            </button>
          )}
        </section>
      )}
      {selected && showLetter && (
        <ReferralLetter
          packet={selected.packet}
          onPrint={blocked('print') ? undefined : () => void letterUsed('print')}
          onCopy={blocked('print') ? undefined : () => void letterUsed('copy')}
        />
      )}

      <ReferralList
        referrals={workspace.referrals}
        today={today()}
        onChangeStatus={(referralId, status, options) => void act(async () => {
          await sendToBackground('referral.updateStatus', { patientFingerprint: fingerprint, referralId, status, ...options });
          await load();
        })}
        onExportCsv={() => void act(async () => {
          const { csv } = await sendToBackground('referral.exportCsv', { patientFingerprint: fingerprint });
          saveTextFile('referrals.csv', csv);
        })}
      />
      <p>
        <a href={browser.runtime.getURL('/referrals.html')} target="_blank" rel="noopener">
          All referrals on this computer
        </a>
      </p>
    </div>
  );
}

/** The status line of a send to the clinic's FHIR server: sending, sent with the server's id, or failed with a Retry. */
function SendStatus({ stage, origin, onRetry }: { stage: Exclude<SendStage, { kind: 'idle' }>; origin: string; onRetry: () => void }) {
  if (stage.kind === 'sending') {
    return (
      <p class="bridge-refer-send" role="status" data-testid="fhir-send-status">
        Sending the referral to {origin}…
      </p>
    );
  }
  if (stage.kind === 'sent') {
    return (
      <p class="bridge-refer-send bridge-refer-send-ok" role="status" data-testid="fhir-send-status">
        Sent to {origin} (HTTP {stage.status}).{' '}
        {stage.location ? (
          <>
            Server id: <code>{stage.location}</code>
          </>
        ) : (
          'The server returned no id.'
        )}
      </p>
    );
  }
  return (
    <p class="bridge-refer-send bridge-alert" role="status" data-testid="fhir-send-status">
      Not sent: {stage.reason}{' '}
      <button type="button" onClick={onRetry}>
        Retry
      </button>
    </p>
  );
}

function ActionButton({ label, blockedBy, busy = false, onClick }: { label: string; blockedBy: string | null; busy?: boolean; onClick: () => void }) {
  return (
    <button type="button" class="bridge-primary" disabled={!!blockedBy || busy} title={blockedBy ?? undefined} onClick={onClick}>
      {busy ? 'Working…' : label}
    </button>
  );
}

/** The packet as the clinician confirms it: reason, urgency, level of care, suggested diagnosis, notes, who refers. */
function PacketForm({ workspace, patient, onCreate }: { workspace: ReferralWorkspace; patient: PaneProps['patient']; onCreate: (packet: ReferralPacket) => Promise<void> }) {
  const s = workspace.screening!;
  const side = workspace.referringSide;
  const [reason, setReason] = useState(
    `${s.positive ? 'Positive' : 'Completed'} ${s.instrumentName} screen (${s.score} of ${s.maxScore}, ${s.riskLevel}). Referral for substance use assessment and treatment.`,
  );
  const [urgency, setUrgency] = useState<Urgency>('routine');
  const [level, setLevel] = useState('');
  const [dx, setDx] = useState('');
  const [notes, setNotes] = useState('');
  const [clinician, setClinician] = useState(side.clinicianName);
  const [clinic, setClinic] = useState(side.clinicName);
  const [chosen, setChosen] = useState<string[]>(workspace.providers.slice(0, 1).map((p) => p.id));
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!clinician.trim() || !clinic.trim() || !reason.trim() || chosen.length === 0) {
      setProblem('Fill in the reason, at least one provider, your name and the clinic name.');
      return;
    }
    setProblem(null);
    const providers = workspace.providers.filter((p) => chosen.includes(p.id));
    const diagnosis = DIAGNOSES.find(([code]) => code === dx);
    const consent = coveringConsent(workspace.consents, providers, 'fill-form', new Date());
    let packet: ReferralPacket;
    try {
      packet = referralPacket({
      id: crypto.randomUUID(),
      patient,
      screening: s,
      reason: reason.trim(),
      diagnoses: diagnosis ? [{ system: 'ICD-10-CM', code: diagnosis[0], display: diagnosis[1] }] : [],
      levelOfCare: level ? { edition: 'ASAM-3', level } : null,
      providers,
      urgency,
      referringClinician: { name: clinician.trim(), ...(side.clinicianNpi ? { npi: side.clinicianNpi } : {}), ...(side.clinicianPhone ? { phone: side.clinicianPhone } : {}) },
      clinic: { name: clinic.trim(), ...(side.clinicAddress ? { address: side.clinicAddress } : {}), ...(side.clinicNpi ? { npi: side.clinicNpi } : {}) },
      notes,
      consentId: consent.ok ? consent.consent.id : null,
      createdAt: new Date().toISOString(),
      });
    } catch (e) {
      setProblem(e instanceof ReferralPacketError ? e.message : String(e));
      return;
    }
    void onCreate(packet);
  };

  return (
    <form class="bridge-card bridge-refer-packet" onSubmit={submit} aria-labelledby="bridge-refer-packet-title">
      <h2 id="bridge-refer-packet-title" class="bridge-refer-heading">
        New referral
      </h2>
      {problem && (
        <p class="bridge-alert" role="alert">
          {problem}
        </p>
      )}
      <fieldset>
        <legend>Refer to</legend>
        {workspace.providers.map((p) => (
          <label key={p.id} class="bridge-refer-check">
            <input
              type="checkbox"
              checked={chosen.includes(p.id)}
              onChange={(e) => setChosen((e.currentTarget as HTMLInputElement).checked ? [...chosen, p.id] : chosen.filter((id) => id !== p.id))}
            />
            {p.name} <span class="bridge-muted">{p.phone}</span>
          </label>
        ))}
      </fieldset>
      <label class="bridge-refer-field">
        Reason for referral
        <textarea rows={3} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
      </label>
      <label class="bridge-refer-field">
        Urgency
        <select value={urgency} onChange={(e) => setUrgency((e.currentTarget as HTMLSelectElement).value as Urgency)}>
          <option value="routine">Routine</option>
          <option value="urgent">Urgent</option>
          <option value="asap">As soon as possible</option>
          <option value="stat">Immediate (stat)</option>
        </select>
      </label>
      <label class="bridge-refer-field">
        Suggested level of care (ASAM, 3rd ed.)
        <select value={level} onChange={(e) => setLevel((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">Not specified</option>
          {Object.entries(ASAM_LEVELS['ASAM-3']).map(([code, name]) => (
            <option key={code} value={code}>
              {code} {name}
            </option>
          ))}
        </select>
      </label>
      <label class="bridge-refer-field">
        Suggested diagnosis (you confirm the code)
        <select value={dx} onChange={(e) => setDx((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">None</option>
          {DIAGNOSES.map(([code, name]) => (
            <option key={code} value={code}>
              {code} {name}
            </option>
          ))}
        </select>
      </label>
      <label class="bridge-refer-field">
        Notes for the receiving program
        <textarea rows={2} value={notes} onInput={(e) => setNotes((e.currentTarget as HTMLTextAreaElement).value)} />
      </label>
      <label class="bridge-refer-field">
        Referring clinician
        <input type="text" value={clinician} onInput={(e) => setClinician((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <label class="bridge-refer-field">
        Clinic
        <input type="text" value={clinic} onInput={(e) => setClinic((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <button type="submit" class="bridge-primary">
        Save referral
      </button>
    </form>
  );
}

export const referPane: PaneDefinition = { id: 'refer', label: 'Refer', Pane: ReferPane };
