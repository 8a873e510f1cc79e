import type { SettingSource } from '@/lib/settings/merge';

const SOURCE_TEXT: Record<SettingSource, string> = {
  policy: 'Set by your organization',
  local: 'Changed on this computer',
  default: 'Default',
};

/** Where a setting's value comes from, in words; policy values carry a lock. */
export function SettingSourceBadge({ source, id }: { source: SettingSource; id?: string }) {
  return (
    <span id={id} class={`bridge-setting-source bridge-setting-source-${source}`} data-testid="setting-source">
      {source === 'policy' && (
        <span aria-hidden="true" class="bridge-setting-lock">
          🔒{' '}
        </span>
      )}
      {SOURCE_TEXT[source]}
    </span>
  );
}
