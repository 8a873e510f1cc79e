import { useState } from 'preact/hooks';
import { originPatternFor } from '@/lib/hosts/ehr-hosts';
import { matchPatternProblem } from '@/lib/policy/match-pattern';
import './settings.css';

/** Props of `HostAccess`. The page wires the callbacks to `permissions.request` / `remove`. */
export interface HostAccessProps {
  /** EHR host patterns the clinic's policy allows (locked), or an empty list without policy. */
  policyHosts: readonly string[];
  /** Whether `policyHosts` came from policy; then only those hosts can be used. */
  policyLocksHosts: boolean;
  /** Host patterns the browser has granted Bridge (permissions.getAll().origins). */
  grantedHosts: readonly string[];
  /** Asks the browser for access to `pattern`; must run in the click's user gesture. */
  onGrant: (pattern: string) => void | Promise<void>;
  /** Gives up access to a host the user granted. Omit to hide "Remove access". */
  onRevoke?: (pattern: string) => void | Promise<void>;
}

/**
 * "EHR sites": the hosts the clinic allows (granted or waiting for the one click the browser
 * requires) and hosts the user granted, with a field to grant access to another EHR.
 */
export function HostAccess({ policyHosts, policyLocksHosts, grantedHosts, onGrant, onRevoke }: HostAccessProps) {
  const [address, setAddress] = useState('');
  const [problem, setProblem] = useState('');
  const granted = new Set(grantedHosts);
  const userHosts = grantedHosts.filter((host) => !policyHosts.includes(host) && /^(https?|\*):\/\//.test(host));

  const grantTyped = (event: Event) => {
    event.preventDefault();
    const pattern = originPatternFor(address.trim());
    const reason = pattern ? matchPatternProblem(pattern) : 'must be a web address starting with https:// or http://';
    if (!pattern || reason) return setProblem(`"${address}" ${reason}.`);
    if (policyLocksHosts && !policyHosts.includes(pattern)) {
      return setProblem(`Your organization limits Bridge to the EHR sites listed above; ${pattern} is not one of them.`);
    }
    setProblem('');
    void onGrant(pattern);
  };

  return (
    <section class="bridge-card bridge-host-access" aria-labelledby="bridge-host-access-heading" data-testid="host-access">
      <h2 id="bridge-host-access-heading">EHR sites</h2>
      <p class="bridge-setting-help">Bridge reads a chart only on these sites, and only after the browser has granted it access.</p>
      {policyHosts.length > 0 && (
        <>
          <h3>Set by your organization</h3>
          <ul class="bridge-host-list" data-testid="policy-hosts">
            {policyHosts.map((host) => (
              <li key={host}>
                <code>{host}</code>{' '}
                {granted.has(host) ? (
                  <span class="bridge-host-status">Access granted</span>
                ) : (
                  <button type="button" onClick={() => void onGrant(host)} aria-label={`Grant access to this EHR: ${host}`}>
                    Grant access to this EHR
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Added on this computer</h3>
      {userHosts.length === 0 ? (
        <p class="bridge-muted">None.</p>
      ) : (
        <ul class="bridge-host-list" data-testid="user-hosts">
          {userHosts.map((host) => (
            <li key={host}>
              <code>{host}</code>
              {policyLocksHosts && <span class="bridge-host-status"> not used: your organization limits Bridge to its list</span>}{' '}
              {onRevoke && (
                <button type="button" onClick={() => void onRevoke(host)} aria-label={`Remove access to ${host}`}>
                  Remove access
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form class="bridge-host-form" onSubmit={grantTyped}>
        <label for="bridge-ehr-address">EHR address</label>
        <input
          id="bridge-ehr-address"
          name="ehrAddress"
          type="url"
          placeholder="https://ehr.example.org"
          value={address}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? 'bridge-ehr-address-problem' : undefined}
          onInput={(event) => setAddress(event.currentTarget.value)}
        />
        <button type="submit">Grant access to this EHR</button>
        {problem && (
          <p id="bridge-ehr-address-problem" class="bridge-setting-error" role="alert">
            {problem}
          </p>
        )}
      </form>
    </section>
  );
}
