import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { SettingsPage } from '@/components/settings/SettingsPage';
import { sendToBackground } from '@/lib/messaging/client.browser';
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
    const loadHosts = () => void browser.permissions.getAll().then((granted) => setGrantedHosts(granted.origins ?? []));
    loadHosts();
    browser.permissions.onAdded.addListener(loadHosts);
    browser.permissions.onRemoved.addListener(loadHosts);
    controller.signal.addEventListener('abort', () => {
      browser.permissions.onAdded.removeListener(loadHosts);
      browser.permissions.onRemoved.removeListener(loadHosts);
    });
    return () => controller.abort();
  }, []);

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
  // permissions.request must start inside the click's user gesture: no await before it.
  const grant = (pattern: string) =>
    report(
      browser.permissions.request({ origins: [pattern] }).then((granted) => {
        if (!granted) throw new Error(`Access to ${pattern} was not granted.`);
      }),
      `Bridge may now read ${pattern}.`,
    );
  const revoke = (pattern: string) => report(browser.permissions.remove({ origins: [pattern] }), `Bridge no longer reads ${pattern}.`);

  return (
    <main class="bridge-options-page">
      <h1>Bridge settings</h1>
      {snapshot ? (
        <>
          <PolicySummary snapshot={snapshot} />
          <SettingsPage snapshot={snapshot} grantedHosts={grantedHosts} onChange={save} onReset={reset} onGrant={grant} onRevoke={revoke} />
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
