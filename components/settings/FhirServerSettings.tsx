import { useState } from 'preact/hooks';
import type { FhirAuthStatus } from '@/lib/messaging/messages/fhir-auth';
import type { FhirEndpoint } from '@/lib/policy/schema';
import { SettingRejectedError, validateLocalSetting, type SettingSource } from '@/lib/settings/merge';
import { settingDescription } from '@/lib/settings/schema';
import { SettingSourceBadge } from './SettingSource';
import './settings.css';

/** Props of `FhirServerSettings`. The options page wires the callbacks to permissions and the background. */
export interface FhirServerSettingsProps {
  /** The endpoint in force (policy, this computer, or null: sharing is off). */
  endpoint: FhirEndpoint | null;
  source: SettingSource;
  /** Connection and sign-in state from the background; null while it is being read. */
  status: FhirAuthStatus | null;
  /**
   * Stores a validated endpoint and asks the browser for its origin. Runs inside the click, so
   * `permissions.request` may be its first call.
   */
  onSave: (endpoint: FhirEndpoint) => void;
  /** Turns sharing off on this computer. */
  onClear: () => void;
  /** Asks for the server's origin (a policy endpoint, or a refused grant); inside the click. */
  onAllowAccess: () => void;
  /** Asks for `identity` and the sign-in server's origin, then signs in; inside the click. */
  onSignIn: () => void;
  onSignOut: () => void;
}

const time = (iso: string) => new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * "Clinic FHIR server": where Bridge shares screenings, referrals and care plans between the
 * clinic's computers, how it authenticates, whether the browser lets it reach the server, and
 * the SMART sign-in. A value set by policy is shown locked; a bearer token is never written back
 * into the page.
 */
export function FhirServerSettings({ endpoint, source, status, onSave, onClear, onAllowAccess, onSignIn, onSignOut }: FhirServerSettingsProps) {
  const locked = source === 'policy';
  const [auth, setAuth] = useState<'smart' | 'bearer'>(endpoint?.auth ?? 'smart');
  const [problem, setProblem] = useState('');
  const shownAuth = locked ? (endpoint?.auth ?? 'smart') : auth;

  const save = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
    const entered: Record<string, string | boolean> = { baseUrl: field('baseUrl'), patientIdentifierSystem: field('patientIdentifierSystem'), auth };
    if ((form.elements.namedItem('shareWithTeam') as HTMLInputElement | null)?.checked) entered.shareWithTeam = true;
    if (auth === 'smart' && field('clientId')) entered.clientId = field('clientId');
    if (auth === 'bearer') {
      const token = field('bearerToken') || (endpoint?.auth === 'bearer' ? (endpoint.bearerToken ?? '') : '');
      if (token) entered.bearerToken = token;
    }
    try {
      const accepted = validateLocalSetting('fhirEndpoint', entered) as FhirEndpoint;
      setProblem('');
      onSave(accepted);
    } catch (error) {
      if (!(error instanceof SettingRejectedError)) throw error;
      setProblem(`Not saved: it ${error.reason}.`);
    }
  };

  return (
    <section class="bridge-card bridge-fhir-server" aria-labelledby="bridge-fhir-heading" data-testid="fhir-server">
      <h2 id="bridge-fhir-heading">Clinic FHIR server</h2>
      <form onSubmit={save}>
        <fieldset class={`bridge-setting${locked ? ' bridge-setting-locked' : ''}`} disabled={locked} data-setting="fhirEndpoint" aria-describedby="bridge-fhir-source bridge-fhir-help">
          <legend>Sharing between this clinic's computers</legend>
          <SettingSourceBadge source={source} id="bridge-fhir-source" />
          <p id="bridge-fhir-help" class="bridge-setting-help">
            {settingDescription('fhirEndpoint')}
          </p>
          <div class="bridge-setting-group" key={JSON.stringify(endpoint ? { ...endpoint, bearerToken: undefined } : null)}>
            <span class="bridge-setting-field">
              <label for="bridge-fhir-baseUrl">FHIR base URL</label>
              <input id="bridge-fhir-baseUrl" name="baseUrl" type="url" placeholder="https://fhir.example.org/r4" defaultValue={endpoint?.baseUrl ?? ''} autocomplete="off" />
            </span>
            <span class="bridge-setting-field">
              <label for="bridge-fhir-system">MRN identifier system</label>
              <input id="bridge-fhir-system" name="patientIdentifierSystem" placeholder="urn:oid:1.2.3.4" defaultValue={endpoint?.patientIdentifierSystem ?? ''} autocomplete="off" />
            </span>
            <span class="bridge-setting-field">
              <label for="bridge-fhir-auth">Sign-in</label>
              <select id="bridge-fhir-auth" name="auth" value={shownAuth} onChange={(event) => setAuth(event.currentTarget.value as 'smart' | 'bearer')}>
                <option value="smart">SMART on FHIR</option>
                <option value="bearer">Bearer token</option>
              </select>
            </span>
            {shownAuth === 'smart' ? (
              <span class="bridge-setting-field">
                <label for="bridge-fhir-client">SMART client id</label>
                <input id="bridge-fhir-client" name="clientId" defaultValue={endpoint?.clientId ?? ''} autocomplete="off" />
              </span>
            ) : (
              <span class="bridge-setting-field">
                <label for="bridge-fhir-token">Bearer token</label>
                {/* A secret is never written back into the page; an empty field keeps the stored one. */}
                <input
                  id="bridge-fhir-token"
                  name="bearerToken"
                  type="password"
                  defaultValue=""
                  placeholder={endpoint?.bearerToken ? 'Set (hidden); type to replace' : undefined}
                  autocomplete="off"
                />
              </span>
            )}
            <label class="bridge-setting-field" for="bridge-fhir-share">
              <input id="bridge-fhir-share" name="shareWithTeam" type="checkbox" defaultChecked={endpoint?.shareWithTeam === true} />
              Share screenings, referrals, care plans and consents with the clinic team (only what a recorded consent covers). Unticked: this server only receives the referrals a clinician sends.
            </label>
          </div>
          {!locked && (
            <div class="bridge-setting-actions">
              <button type="submit">Save and allow access</button>
              {endpoint && (
                <button type="button" onClick={onClear}>
                  Stop sharing
                </button>
              )}
            </div>
          )}
          {problem && (
            <p class="bridge-setting-error" role="alert">
              {problem}
            </p>
          )}
        </fieldset>
      </form>
      {endpoint && <Connection endpoint={endpoint} status={status} onAllowAccess={onAllowAccess} onSignIn={onSignIn} onSignOut={onSignOut} />}
    </section>
  );
}

function Connection({ endpoint, status, onAllowAccess, onSignIn, onSignOut }: Pick<FhirServerSettingsProps, 'status' | 'onAllowAccess' | 'onSignIn' | 'onSignOut'> & { endpoint: FhirEndpoint }) {
  const origin = new URL(endpoint.baseUrl).origin;
  if (!status) return <p class="bridge-muted">Checking the connection…</p>;
  return (
    <div data-testid="fhir-connection">
      {status.hostGranted ? (
        <p class="bridge-host-status" data-testid="fhir-access">
          Bridge may reach {origin}.
        </p>
      ) : (
        <p data-testid="fhir-access">
          Bridge is not allowed to reach {origin} yet, so nothing is shared.{' '}
          <button type="button" onClick={onAllowAccess}>
            Allow access to the FHIR server
          </button>
        </p>
      )}
      {endpoint.auth === 'bearer' ? (
        <p class="bridge-muted">Bridge sends the bearer token only to this server, from its background, never to a page.</p>
      ) : (
        <div data-testid="fhir-signin">
          <p class="bridge-setting-help">
            Register this redirect URI for client <code>{endpoint.clientId}</code> on the server: <code data-testid="fhir-redirect-uri">{status.redirectUri}</code>
          </p>
          {status.session ? (
            <p role="status" data-testid="fhir-signin-state">
              Signed in{status.session.signedInAs ? ` as ${status.session.signedInAs}` : ''}
              {status.session.expiresAt ? `; access until ${time(status.session.expiresAt)}` : ''}
              {status.session.canRefresh ? ', renewed on its own while the browser is open' : ''}.{' '}
              <button type="button" onClick={onSignOut}>
                Sign out
              </button>
            </p>
          ) : (
            <p data-testid="fhir-signin-state">
              Not signed in: nothing is shared until you sign in.{' '}
              <button type="button" onClick={onSignIn} disabled={!status.hostGranted}>
                Sign in to the clinic FHIR server
              </button>
            </p>
          )}
          {status.smart?.problem && (
            <p class="bridge-setting-error" role="alert">
              {status.smart.problem}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
