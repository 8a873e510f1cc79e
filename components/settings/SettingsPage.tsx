import type { SettingsSnapshot } from '@/lib/settings/merge';
import { HostAccess, type HostAccessProps } from './HostAccess';
import { SettingsForm, type SettingsFormProps } from './SettingsForm';

/** Props of `SettingsPage`: a settings snapshot, the browser's granted hosts, and callbacks. */
export interface SettingsPageProps extends Pick<SettingsFormProps, 'onChange' | 'onReset'>, Pick<HostAccessProps, 'onGrant' | 'onRevoke'> {
  snapshot: SettingsSnapshot;
  grantedHosts: readonly string[];
}

/**
 * The options page body: policy problems, EHR sites, then every setting with its source.
 * Takes data and callbacks only; the options entrypoint wires storage and permissions.
 */
export function SettingsPage({ snapshot, grantedHosts, onChange, onReset, onGrant, onRevoke }: SettingsPageProps) {
  const hostsFromPolicy = snapshot.sources.allowedEhrHosts === 'policy';
  return (
    <div class="bridge-settings-page">
      <SettingsForm settings={snapshot} policyWarnings={snapshot.policyWarnings} onChange={onChange} onReset={onReset} />
      <HostAccess
        policyHosts={snapshot.values.allowedEhrHosts}
        policyLocksHosts={hostsFromPolicy}
        grantedHosts={grantedHosts}
        onGrant={onGrant}
        onRevoke={onRevoke}
      />
    </div>
  );
}
