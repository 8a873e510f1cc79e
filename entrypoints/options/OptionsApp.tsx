import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { FhirServerSettings } from '@/components/settings/FhirServerSettings';
import { SettingsPage } from '@/components/settings/SettingsPage';
import { EHR_GRANTS_KEY, forgetEhrGrants, readEhrGrants, recordEhrGrant } from '@/lib/hosts/ehr-grants.browser';
import { ehrScriptOrigins, originPatternFor } from '@/lib/hosts/ehr-hosts';
import { sendToBackground } from '@/lib/messaging/client.browser';
import type { FhirAuthStatus } from '@/lib/messaging/messages/fhir-auth';
import type { FhirEndpoint } from '@/lib/policy/schema';
import type { LocalSettingKey, Settings } from '@/lib/settings/schema';
import { watchEffectiveSettings, type SettingsSnapshot, type SettingsWatch } from '@/lib/settings/settings.browser';
import { DataOnDevice } from './DataOnDevice';
import { DirectoryImport } from './DirectoryImport';
import './options.css';

/**
 * The options page: every setting with where its value comes from (the clinic's policy locks
 * its own), the policy values Bridge ignored, EHR site access, and the data on this device.
 * It follows the policy live, so a change the clinic's IT pushes shows without a reload.
 */
export function OptionsApp() {
  const [snapshot, setSnapshot] = useState<SettingsSnapshot | null>(null);
  const [grantedHosts, setGrantedHosts] = useState<string[]>([]);
  const [ehrGrants, setEhrGrants] = useState<string[]>([]);
  const [fhirStatus, setFhirStatus] = useState<FhirAuthStatus | null>(null);
  const [status, setStatus] = useState('');
  const watch = useRef<SettingsWatch | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    // Local settings live in the background's database; the policy is read here, from
    // storage.managed, and followed through storage.onChanged.
    watch.current = watchEffectiveSettings({
      signal: controller.signal,
      readLocal: () => sendToBackground('settings.readLocal', {}).then((reply) => reply.values),
      onChange: setSnapshot,
    });
    const loadHosts = () => {
      void browser.permissions.getAll().then((granted) => setGrantedHosts(granted.origins ?? []));
      void readEhrGrants().then((grants) => setEhrGrants(grants ?? []));
      void loadFhirStatus();
    };
    const grantsChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && Object.hasOwn(changes, EHR_GRANTS_KEY)) loadHosts();
    };
    loadHosts();
    browser.permissions.onAdded.addListener(loadHosts);
    browser.permissions.onRemoved.addListener(loadHosts);
    browser.storage.onChanged.addListener(grantsChanged);
    controller.signal.addEventListener('abort', () => {
      browser.permissions.onAdded.removeListener(loadHosts);
      browser.permissions.onRemoved.removeListener(loadHosts);
      browser.storage.onChanged.removeListener(grantsChanged);
    });
    return () => controller.abort();
  }, []);

  const loadFhirStatus = () => sendToBackground('fhirAuth.status', {}).then(setFhirStatus, () => setFhirStatus(null));

  const report = async (work: Promise<unknown>, done: string) => {
    try {
      await work;
      setStatus(done);
    } catch (error) {
      setStatus(error instanceof Error ? error.message : String(error));
    }
    await watch.current?.refresh();
  };

  const save = (key: LocalSettingKey, value: Settings[LocalSettingKey]) =>
    report(sendToBackground('settings.saveLocal', { values: { [key]: value } }), 'Saved.');
  const reset = (key: LocalSettingKey) => report(sendToBackground('settings.resetLocal', { keys: [key] }), 'Saved.');
  // permissions.request must start inside the click's user gesture: no await before it. The
  // grant is recorded as an EHR's in the same click, so the EHR script runs there and nowhere
  // that was granted only as the clinic's FHIR server.
  const grant = (pattern: string) => {
    const recorded = recordEhrGrant(pattern);
    return report(
      browser.permissions.request({ origins: [pattern] }).then(async (granted) => {
        await recorded;
        if (granted) return;
        await forgetEhrGrants([pattern]);
        throw new Error(`Access to ${pattern} was not granted.`);
      }),
      `Bridge may now read ${pattern}.`,
    );
  };
  const revoke = (pattern: string) =>
    report(browser.permissions.remove({ origins: [pattern] }).then(() => forgetEhrGrants([pattern])), `Bridge no longer reads ${pattern}.`);

  /** Asks for the FHIR server's origin first, in the click, then stores the endpoint. */
  const saveFhirServer = (endpoint: FhirEndpoint) => {
    const pattern = originPatternFor(endpoint.baseUrl)!;
    const asked = browser.permissions.request({ origins: [pattern] });
    return report(
      Promise.all([asked, sendToBackground('settings.saveLocal', { values: { fhirEndpoint: endpoint } })]).then(async ([granted]) => {
        await loadFhirStatus();
        if (!granted) throw new Error(`Saved, but Bridge was not allowed to reach ${new URL(endpoint.baseUrl).origin}: nothing is shared until you allow it.`);
      }),
      `Saved. Bridge may reach ${new URL(endpoint.baseUrl).origin}.`,
    );
  };
  const allowFhirServer = () => {
    const endpoint = snapshot?.values.fhirEndpoint;
    if (!endpoint) return;
    void report(
      browser.permissions.request({ origins: [originPatternFor(endpoint.baseUrl)!] }).then(async (granted) => {
        await loadFhirStatus();
        if (!granted) throw new Error(`Bridge was not allowed to reach ${new URL(endpoint.baseUrl).origin}.`);
      }),
      `Bridge may reach ${new URL(endpoint.baseUrl).origin}.`,
    );
  };
  // The sign-in window needs the optional "identity" permission, and the token request the
  // sign-in server's origin: both asked in this click, only when the clinician signs in.
  const signInToFhirServer = () => {
    const endpoint = snapshot?.values.fhirEndpoint;
    if (!endpoint) return;
    const origins = [originPatternFor(endpoint.baseUrl)!, ...(fhirStatus?.smart?.tokenPermissionPattern ? [fhirStatus.smart.tokenPermissionPattern] : [])];
    void report(
      browser.permissions.request({ permissions: ['identity'], origins }).then(async (granted) => {
        if (!granted) throw new Error('Bridge needs your permission to open the sign-in window. Nothing was changed.');
        const session = await sendToBackground('fhirAuth.signIn', {}).finally(loadFhirStatus);
        return session;
      }),
      'Signed in to the clinic FHIR server.',
    );
  };
  const signOutOfFhirServer = () => void report(sendToBackground('fhirAuth.signOut', {}).finally(loadFhirStatus), 'Signed out of the clinic FHIR server.');
  const clearFhirServer = () => void report(sendToBackground('settings.resetLocal', { keys: ['fhirEndpoint'] }).finally(loadFhirStatus), 'Sharing with a FHIR server is off on this computer.');
  // "EHR sites" lists only origins granted as EHRs (or the build's own), not the FHIR server's.
  const ehrHosts = ehrScriptOrigins(grantedHosts, null, [...ehrGrants, ...(browser.runtime.getManifest().host_permissions ?? []), ...(snapshot?.values.allowedEhrHosts ?? [])]);

  return (
    <main class="bridge-options-page">
      <h1>Bridge settings</h1>
      {snapshot ? (
        <>
          <PolicySummary snapshot={snapshot} />
          <SettingsPage snapshot={snapshot} grantedHosts={ehrHosts} onChange={save} onReset={reset} onGrant={grant} onRevoke={revoke} />
          <FhirServerSettings
            key={JSON.stringify([snapshot.sources.fhirEndpoint, snapshot.values.fhirEndpoint?.auth])}
            endpoint={snapshot.values.fhirEndpoint}
            source={snapshot.sources.fhirEndpoint}
            status={fhirStatus}
            onSave={(endpoint) => void saveFhirServer(endpoint)}
            onClear={clearFhirServer}
            onAllowAccess={allowFhirServer}
            onSignIn={signInToFhirServer}
            onSignOut={signOutOfFhirServer}
          />
        </>
      ) : (
        <p class="bridge-card">Loading settings…</p>
      )}
      <p role="status" data-testid="status" class="bridge-options-status">
        {status}
      </p>
      <DataOnDevice exportAllowed={snapshot?.values.auditLogExportAllowed ?? true} onErased={() => void watch.current?.refresh()} />
      <DirectoryImport />
    </main>
  );
}

/** One line for the clinic's IT: is a policy in force, and how many settings does it lock. */
function PolicySummary({ snapshot }: { snapshot: SettingsSnapshot }) {
  const locked = snapshot.lockedKeys.size;
  const text =
    locked > 0
      ? `Your organization manages ${locked} setting${locked === 1 ? '' : 's'} on this computer; they are marked "Set by your organization".`
      : snapshot.policyWarnings.length > 0
        ? 'Your organization has a policy for Bridge, but none of its values could be used.'
        : 'No policy from your organization applies to Bridge on this computer.';
  return (
    <p class="bridge-card bridge-muted" data-testid="policy-summary">
      {text}
    </p>
  );
}
