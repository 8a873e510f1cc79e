import { useState } from 'preact/hooks';
import { consentStatus, type Consent } from '@/lib/consent/consent';
import './ConsentList.css';

const STATUS_WORD = { active: 'Active', expired: 'Expired', revoked: 'Revoked' } as const;

interface ConsentListProps {
  consents: Consent[];
  now: Date;
  /** Records the revocation; `by` is who asked for it (the patient, or staff on their behalf). */
  onRevoke: (consentId: string, by: string) => void;
}

function recipientsText(c: Consent): string {
  return c.recipients.map((r) => (r.kind === 'named' ? r.name : r.designation)).join('; ');
}

function expiryText(c: Consent): string {
  return c.expiry.kind === 'date' ? `until ${c.expiry.date}` : `until ${c.expiry.event}`;
}

/** A patient's consents with their status now, and a two-step revoke that asks who revoked. */
export function ConsentList({ consents, now, onRevoke }: ConsentListProps) {
  const [revoking, setRevoking] = useState<string | null>(null);
  const [by, setBy] = useState('');
  if (consents.length === 0) return <p class="bridge-muted">No consent recorded for this patient.</p>;
  return (
    <ul class="bridge-consent-list" aria-label="Consents">
      {consents.map((c) => {
        const status = consentStatus(c, now);
        return (
          <li key={c.id} class="bridge-card bridge-consent-item">
            <div>
              <span class={`bridge-consent-status bridge-consent-${status}`}>{STATUS_WORD[status]}</span> To {recipientsText(c)} for {c.purpose.text}
            </div>
            <div class="bridge-muted">
              Signed {c.signature.date} by {c.signature.name}, {expiryText(c)}
              {c.revokedAt ? `; revoked ${c.revokedAt.slice(0, 10)}${c.revokedBy ? ` by ${c.revokedBy}` : ''}` : ''}
            </div>
            {status === 'active' &&
              (revoking === c.id ? (
                <form
                  class="bridge-consent-revoke"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (!by.trim()) return;
                    onRevoke(c.id, by.trim());
                    setRevoking(null);
                    setBy('');
                  }}
                >
                  <label>
                    Revoked by (name)
                    <input type="text" value={by} required onInput={(e) => setBy((e.currentTarget as HTMLInputElement).value)} />
                  </label>
                  <button type="submit" class="bridge-primary" disabled={!by.trim()}>
                    Confirm revocation
                  </button>
                  <button type="button" onClick={() => setRevoking(null)}>
                    Keep consent
                  </button>
                </form>
              ) : (
                <button type="button" onClick={() => setRevoking(c.id)}>
                  Revoke…
                </button>
              ))}
          </li>
        );
      })}
    </ul>
  );
}
