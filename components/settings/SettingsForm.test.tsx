// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { parsePolicy } from '@/lib/policy/parse';
import { effectiveSettings } from '@/lib/settings/merge';
import { settingDefaults } from '@/lib/settings/schema';
import { HostAccess } from './HostAccess';
import { SettingsForm } from './SettingsForm';
import { useRenderRoot } from '../../tests/support/render-root';

let root: HTMLElement;
useRenderRoot((el) => (root = el));

function setting(key: string): HTMLFieldSetElement {
  const fieldset = root.querySelector<HTMLFieldSetElement>(`fieldset[data-setting="${key}"]`);
  if (!fieldset) throw new Error(`no fieldset for ${key}`);
  return fieldset;
}

function change(input: HTMLInputElement | HTMLSelectElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('SettingsForm', () => {
  const { policy, warnings } = parsePolicy({ retentionDays: -3, rescreenIntervalMonths: 6, selfScreenAllowed: true });
  const settings = effectiveSettings(settingDefaults, { clinicianName: 'Dr. Lee' }, policy);

  it('shows each setting with its source; policy settings are disabled and say so', () => {
    act(() => render(<SettingsForm settings={settings} policyWarnings={warnings} onChange={() => {}} />, root));
    expect(setting('rescreenIntervalMonths').disabled).toBe(true);
    expect(setting('rescreenIntervalMonths').textContent).toContain('Set by your organization');
    expect(setting('rescreenIntervalMonths').querySelector('input')?.value).toBe('6');
    expect(setting('selfScreenAllowed').disabled).toBe(true);
    expect(setting('clinicianName').disabled).toBe(false);
    expect(setting('clinicianName').textContent).toContain('Changed on this computer');
    expect(setting('retentionDays').disabled).toBe(false);
    expect(setting('retentionDays').textContent).toContain('Default');
    expect(setting('retentionDays').querySelector('input')?.value).toBe('90');
  });

  it('lists each ignored policy value with the key and the reason', () => {
    act(() => render(<SettingsForm settings={settings} policyWarnings={warnings} onChange={() => {}} />, root));
    const list = root.querySelector('[data-testid="policy-warnings"]');
    expect(list?.textContent).toContain('Ignored policy value retentionDays: must be a whole number from 1 to 3650, got -3');
  });

  it('passes a valid change on, validated, and keeps an invalid one back with the reason', () => {
    const onChange = vi.fn();
    act(() => render(<SettingsForm settings={settings} policyWarnings={[]} onChange={onChange} />, root));
    act(() => change(setting('retentionDays').querySelector('input') as HTMLInputElement, '30'));
    expect(onChange).toHaveBeenLastCalledWith('retentionDays', 30);

    act(() => change(setting('clinicianNpi').querySelector('input') as HTMLInputElement, '1234567890'));
    expect(onChange).toHaveBeenCalledTimes(1);
    const alert = setting('clinicianNpi').querySelector('[role="alert"]');
    expect(alert?.textContent).toBe('Not saved: it must be a 10-digit NPI whose last digit is its check digit, got "1234567890".');
    expect(setting('clinicianNpi').getAttribute('aria-invalid')).toBe('true');

    act(() => change(setting('clinicianNpi').querySelector('input') as HTMLInputElement, '1234567893'));
    expect(onChange).toHaveBeenLastCalledWith('clinicianNpi', '1234567893');
    expect(setting('clinicianNpi').querySelector('[role="alert"]')).toBeNull();
  });

  it('turns instruments on and off in a stable order', () => {
    const onChange = vi.fn();
    act(() => render(<SettingsForm settings={settings} policyWarnings={[]} onChange={onChange} />, root));
    const audit = setting('enabledInstruments').querySelector<HTMLInputElement>('input[value="audit"]') as HTMLInputElement;
    act(() => {
      audit.checked = false;
      audit.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(onChange).toHaveBeenLastCalledWith('enabledInstruments', ['niaaa-single', 'nida-single', 'audit-c', 'dast-10', 'taps', 'crafft-2.1']);
  });

  it('saves the clinic as one object, leaving out empty fields', () => {
    const onChange = vi.fn();
    act(() => render(<SettingsForm settings={settings} policyWarnings={[]} onChange={onChange} />, root));
    const clinic = setting('clinic');
    const field = (name: string) => clinic.querySelector<HTMLInputElement>(`[name="${name}"]`) as HTMLInputElement;
    field('name').value = 'Eastside Health';
    field('address').value = '1 Main St, Springfield, MA';
    field('postalCode').value = '01103';
    act(() => (Array.from(clinic.querySelectorAll('button')).find((button) => button.textContent === 'Save') as HTMLButtonElement).click());
    expect(onChange).toHaveBeenLastCalledWith('clinic', { name: 'Eastside Health', address: '1 Main St, Springfield, MA', postalCode: '01103' });
  });

  it('offers "Use default" only for values changed on this computer', () => {
    const onReset = vi.fn();
    act(() => render(<SettingsForm settings={settings} policyWarnings={[]} onChange={() => {}} onReset={onReset} />, root));
    expect(setting('retentionDays').textContent).not.toContain('Use default');
    const reset = Array.from(setting('clinicianName').querySelectorAll('button')).find((button) => button.textContent === 'Use default') as HTMLButtonElement;
    act(() => reset.click());
    expect(onReset).toHaveBeenCalledWith('clinicianName');
  });

  it('gives every input an accessible name', () => {
    act(() => render(<SettingsForm settings={effectiveSettings(settingDefaults, {}, {})} policyWarnings={[]} onChange={() => {}} />, root));
    for (const input of Array.from(root.querySelectorAll('input, select'))) {
      const id = input.getAttribute('id');
      const labelled = (id && root.querySelector(`label[for="${id}"]`)) || input.closest('label');
      expect(labelled, input.outerHTML).toBeTruthy();
    }
  });
});

describe('HostAccess', () => {
  it('lists policy hosts with a grant button for those not yet granted, and user hosts', () => {
    const onGrant = vi.fn();
    act(() =>
      render(
        <HostAccess
          policyHosts={['https://ehr.example.org/*', 'https://*.clinic.example.net/*']}
          policyLocksHosts
          grantedHosts={['https://ehr.example.org/*', 'https://other.example.com/*']}
          onGrant={onGrant}
        />,
        root,
      ),
    );
    const policyList = root.querySelector('[data-testid="policy-hosts"]') as HTMLElement;
    expect(policyList.textContent).toContain('https://ehr.example.org/*');
    expect(policyList.textContent).toContain('Access granted');
    const grant = policyList.querySelector('button') as HTMLButtonElement;
    expect(grant.textContent).toBe('Grant access to this EHR');
    act(() => grant.click());
    expect(onGrant).toHaveBeenCalledWith('https://*.clinic.example.net/*');
    expect(root.querySelector('[data-testid="user-hosts"]')?.textContent).toContain('not used: your organization limits Bridge to its list');
  });

  it('grants a typed EHR address as a host pattern, and explains a refusal', () => {
    const onGrant = vi.fn();
    act(() => render(<HostAccess policyHosts={[]} policyLocksHosts={false} grantedHosts={[]} onGrant={onGrant} />, root));
    const input = root.querySelector('#bridge-ehr-address') as HTMLInputElement;
    const form = root.querySelector('form') as HTMLFormElement;
    input.value = 'https://ehr.example.org/chart/123?tab=1';
    act(() => {
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => {
      form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    expect(onGrant).toHaveBeenCalledWith('https://ehr.example.org/*');

    input.value = 'not a url';
    act(() => {
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => {
      form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    expect(onGrant).toHaveBeenCalledTimes(1);
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('"not a url" must be a web address starting with https:// or http://.');
  });
});

describe('SettingsPage', () => {
  it('shows policy problems, locked settings and the policy EHR hosts together', async () => {
    const { SettingsPage } = await import('./SettingsPage');
    const { policy, warnings } = parsePolicy({ allowedEhrHosts: ['https://ehr.example.org/*'], retentionDays: 0 });
    const snapshot = { ...effectiveSettings(settingDefaults, {}, policy), policyWarnings: warnings, localWarnings: [], managedStorageAvailable: true };
    act(() => render(<SettingsPage snapshot={snapshot} grantedHosts={[]} onChange={() => {}} onGrant={() => {}} />, root));
    expect(root.querySelector('[data-testid="policy-warnings"]')?.textContent).toContain('retentionDays');
    expect(root.querySelector('[data-testid="policy-hosts"]')?.textContent).toContain('https://ehr.example.org/*');
    expect(root.querySelector('[data-testid="policy-hosts"] button')?.textContent).toBe('Grant access to this EHR');
  });
});
