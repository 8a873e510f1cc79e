import { useState } from 'preact/hooks';
import {
  ConsentError,
  DEFAULT_REVOCATION_STATEMENT,
  recordConsent,
  type Consent,
  type ConsentInput,
} from '@/lib/consent/consent';
import './ConsentForm.css';

const INFORMATION_KINDS: { value: Consent['information']['kinds'][number]; label: string }[] = [
  { value: 'screening-results', label: 'Screening results (questions, answers and score)' },
  { value: 'referral-details', label: 'Reason for referral and referral details' },
  { value: 'diagnosis', label: 'Diagnosis' },
  { value: 'treatment-history', label: 'Past substance use treatment' },
  { value: 'medications', label: 'Medications' },
  { value: 'demographics', label: 'Name, date of birth and contact details' },
];

interface ConsentFormProps {
  patientName: string;
  patientFingerprint: string;
  /** The clinic (and clinician) who will disclose. */
  discloser: string;
  /** Providers the clinician chose; offered as named recipients. */
  recipients: { id: string; name: string }[];
  /** Today as YYYY-MM-DD, for the signature date default. */
  today: string;
  /** ISO instant the consent is recorded at. */
  nowIso: string;
  newId: () => string;
  onSave: (consent: Consent) => void;
  onCancel: () => void;
}

/**
 * Records a 42 CFR §2.31 consent: each required element has its own labelled control, and Save
 * validates the whole consent and lists what is missing. Operable by keyboard alone (native
 * controls, fieldsets with legends, errors announced).
 */
export function ConsentForm(props: ConsentFormProps) {
  const [kinds, setKinds] = useState<string[]>(['screening-results', 'referral-details']);
  const [sudDescription, setSudDescription] = useState(
    'My substance use screening results and the reason I am being referred for substance use treatment.',
  );
  const [chosen, setChosen] = useState<string[]>(props.recipients.map((r) => r.id));
  const [designation, setDesignation] = useState('');
  const [purposeKind, setPurposeKind] = useState<Consent['purpose']['kind']>('treatment');
  const [purposeText, setPurposeText] = useState('To refer me for substance use treatment and coordinate my care.');
  const [how, setHow] = useState('Tell the clinic staff, or write to the clinic.');
  const [expiryKind, setExpiryKind] = useState<'date' | 'event'>('date');
  const [expiryDate, setExpiryDate] = useState('');
  const [expiryEvent, setExpiryEvent] = useState('');
  const [signedBy, setSignedBy] = useState<'patient' | 'authorized-person'>('patient');
  const [signerName, setSignerName] = useState(props.patientName);
  const [authority, setAuthority] = useState('');
  const [method, setMethod] = useState<Consent['signature']['method']>('wet-signature-on-file');
  const [attestedBy, setAttestedBy] = useState('');
  const [signedOn, setSignedOn] = useState(props.today);
  const [attested, setAttested] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const toggle = (list: string[], value: string, on: boolean) => (on ? [...new Set([...list, value])] : list.filter((v) => v !== value));

  const save = (event: Event) => {
    event.preventDefault();
    if (!attested) {
      setProblems(['Confirm that the patient read (or was read) this consent and signed it.']);
      return;
    }
    const recipients: ConsentInput['recipients'] = [
      ...props.recipients.filter((r) => chosen.includes(r.id)).map((r) => ({ kind: 'named' as const, id: r.id, name: r.name })),
      ...(designation.trim() ? [{ kind: 'general-designation' as const, designation: designation.trim() }] : []),
    ];
    const input: ConsentInput = {
      id: props.newId(),
      patientName: props.patientName,
      patientFingerprint: props.patientFingerprint,
      discloser: props.discloser,
      information: { kinds: kinds as Consent['information']['kinds'], sudDescription },
      recipients,
      purpose: { kind: purposeKind, text: purposeText },
      revocation: { statement: DEFAULT_REVOCATION_STATEMENT, how },
      expiry: expiryKind === 'date' ? { kind: 'date', date: expiryDate } : { kind: 'event', event: expiryEvent, occurredOn: null },
      signature: {
        signedBy,
        name: signerName,
        ...(signedBy === 'authorized-person' ? { authority } : {}),
        date: signedOn,
        method,
        ...(method === 'verbal-attested' ? { attestedBy } : {}),
      },
      createdAt: props.nowIso,
    };
    try {
      const consent = recordConsent(input);
      setProblems([]);
      props.onSave(consent);
    } catch (error) {
      setProblems(error instanceof ConsentError ? error.problems : [String(error)]);
    }
  };

  return (
    <form class="bridge-card bridge-consent-form" onSubmit={save} aria-labelledby="bridge-consent-title" noValidate>
      <h2 id="bridge-consent-title">Patient consent to share substance use information (42 CFR Part 2)</h2>
      {problems.length > 0 && (
        <div class="bridge-alert" role="alert">
          <p>The consent cannot be saved yet:</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <p>
        <strong>Patient:</strong> {props.patientName}
        <br />
        <strong>Who may share:</strong> {props.discloser}
      </p>

      <fieldset>
        <legend>What may be shared</legend>
        {INFORMATION_KINDS.map((k) => (
          <label key={k.value} class="bridge-consent-check">
            <input type="checkbox" checked={kinds.includes(k.value)} onChange={(e) => setKinds(toggle(kinds, k.value, (e.currentTarget as HTMLInputElement).checked))} />
            {k.label}
          </label>
        ))}
        <label class="bridge-consent-field">
          Description of the substance use information, in the patient's words
          <textarea rows={2} value={sudDescription} onInput={(e) => setSudDescription((e.currentTarget as HTMLTextAreaElement).value)} />
        </label>
      </fieldset>

      <fieldset>
        <legend>Who may receive it</legend>
        {props.recipients.map((r) => (
          <label key={r.id} class="bridge-consent-check">
            <input type="checkbox" checked={chosen.includes(r.id)} onChange={(e) => setChosen(toggle(chosen, r.id, (e.currentTarget as HTMLInputElement).checked))} />
            {r.name}
          </label>
        ))}
        <label class="bridge-consent-field">
          Or a general designation (treatment, payment or operations only), e.g. "my treating providers at …"
          <input type="text" value={designation} onInput={(e) => setDesignation((e.currentTarget as HTMLInputElement).value)} />
        </label>
      </fieldset>

      <fieldset>
        <legend>Purpose</legend>
        <label class="bridge-consent-field">
          Purpose category
          <select value={purposeKind} onChange={(e) => setPurposeKind((e.currentTarget as HTMLSelectElement).value as Consent['purpose']['kind'])}>
            <option value="treatment">Treatment</option>
            <option value="payment">Payment</option>
            <option value="health-care-operations">Health care operations</option>
            <option value="other">Other</option>
          </select>
        </label>
        <label class="bridge-consent-field">
          Purpose in words
          <input type="text" value={purposeText} onInput={(e) => setPurposeText((e.currentTarget as HTMLInputElement).value)} />
        </label>
      </fieldset>

      <fieldset>
        <legend>Right to revoke</legend>
        <p class="bridge-muted">{DEFAULT_REVOCATION_STATEMENT}</p>
        <label class="bridge-consent-field">
          How the patient can revoke
          <input type="text" value={how} onInput={(e) => setHow((e.currentTarget as HTMLInputElement).value)} />
        </label>
      </fieldset>

      <fieldset>
        <legend>This consent ends</legend>
        <label class="bridge-consent-check">
          <input type="radio" name="bridge-expiry" checked={expiryKind === 'date'} onChange={() => setExpiryKind('date')} />
          On a date
        </label>
        <label class="bridge-consent-check">
          <input type="radio" name="bridge-expiry" checked={expiryKind === 'event'} onChange={() => setExpiryKind('event')} />
          When something happens
        </label>
        {expiryKind === 'date' ? (
          <label class="bridge-consent-field">
            Expiry date
            <input type="date" value={expiryDate} onInput={(e) => setExpiryDate((e.currentTarget as HTMLInputElement).value)} />
          </label>
        ) : (
          <label class="bridge-consent-field">
            Expiry event (e.g. "end of my treatment at Harbor Recovery Center")
            <input type="text" value={expiryEvent} onInput={(e) => setExpiryEvent((e.currentTarget as HTMLInputElement).value)} />
          </label>
        )}
      </fieldset>

      <fieldset>
        <legend>Signature</legend>
        <label class="bridge-consent-field">
          Signed by
          <select value={signedBy} onChange={(e) => setSignedBy((e.currentTarget as HTMLSelectElement).value as 'patient' | 'authorized-person')}>
            <option value="patient">The patient</option>
            <option value="authorized-person">An authorized person</option>
          </select>
        </label>
        <label class="bridge-consent-field">
          Name of the person signing
          <input type="text" value={signerName} onInput={(e) => setSignerName((e.currentTarget as HTMLInputElement).value)} />
        </label>
        {signedBy === 'authorized-person' && (
          <label class="bridge-consent-field">
            Their authority (guardian, health care proxy…)
            <input type="text" value={authority} onInput={(e) => setAuthority((e.currentTarget as HTMLInputElement).value)} />
          </label>
        )}
        <label class="bridge-consent-field">
          How it was signed
          <select value={method} onChange={(e) => setMethod((e.currentTarget as HTMLSelectElement).value as Consent['signature']['method'])}>
            <option value="wet-signature-on-file">Signed on paper (kept on file)</option>
            <option value="electronic">Signed electronically</option>
            <option value="verbal-attested">Given verbally, attested by staff</option>
          </select>
        </label>
        {method === 'verbal-attested' && (
          <label class="bridge-consent-field">
            Staff member attesting
            <input type="text" value={attestedBy} onInput={(e) => setAttestedBy((e.currentTarget as HTMLInputElement).value)} />
          </label>
        )}
        <label class="bridge-consent-field">
          Date signed
          <input type="date" value={signedOn} onInput={(e) => setSignedOn((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <label class="bridge-consent-check">
          <input type="checkbox" checked={attested} onChange={(e) => setAttested((e.currentTarget as HTMLInputElement).checked)} />I confirm the patient (or
          authorized person) read or was read this consent, including the right to revoke, and signed it.
        </label>
      </fieldset>

      <div class="bridge-consent-actions">
        <button type="submit" class="bridge-primary">
          Save consent
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
