// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { FhirAuthStatus } from '@/lib/messaging/messages/fhir-auth';
import type { FhirEndpoint } from '@/lib/policy/schema';
import { FhirServerSettings, type FhirServerSettingsProps } from './FhirServerSettings';
import { useRenderRoot } from '../../tests/support/render-root';

let root: HTMLElement;
useRenderRoot((el) => (root = el));

const BEARER: FhirEndpoint = { baseUrl: 'https://fhir.example.org/r4', patientIdentifierSystem: 'urn:oid:1.2.3', auth: 'bearer', bearerToken: 's3cret-token' };
const SMART: FhirEndpoint = { baseUrl: 'https://fhir.example.org/r4', patientIdentifierSystem: 'urn:oid:1.2.3', auth: 'smart', clientId: 'bridge' };
const STATUS: FhirAuthStatus = { redirectUri: 'https://abc.chromiumapp.org/', hostGranted: true, smart: { tokenPermissionPattern: 'https://auth.example.org/*', problem: null }, session: null };

function show(props: Partial<FhirServerSettingsProps>) {
  const all: FhirServerSettingsProps = {
    endpoint: null,
    source: 'default',
    status: null,
    onSave: vi.fn(),
    onClear: vi.fn(),
    onAllowAccess: vi.fn(),
    onSignIn: vi.fn(),
    onSignOut: vi.fn(),
    ...props,
  };
  act(() => render(<FhirServerSettings {...all} />, root));
  return all;
}

const input = (name: string) => root.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!;
const button = (text: string) => Array.from(root.querySelectorAll('button')).find((b) => b.textContent === text) ?? null;
const submit = () => act(() => void root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));

describe('FhirServerSettings', () => {
  it('is off by default and saves a valid endpoint, validated by the policy schema', () => {
    const props = show({});
    expect(button('Stop sharing')).toBeNull();
    expect(root.querySelector('[data-testid="fhir-connection"]')).toBeNull();
    input('baseUrl').value = 'https://fhir.clinic.example/r4';
    input('patientIdentifierSystem').value = 'urn:oid:1.2.840.1';
    input('clientId').value = 'bridge-client';
    submit();
    expect(props.onSave).toHaveBeenCalledWith({ baseUrl: 'https://fhir.clinic.example/r4', patientIdentifierSystem: 'urn:oid:1.2.840.1', auth: 'smart', clientId: 'bridge-client' });
  });

  it('turns team sharing on only when its box is ticked, and shows it ticked when set', () => {
    const props = show({ endpoint: SMART, source: 'local', status: STATUS });
    expect((input('shareWithTeam') as HTMLInputElement).checked).toBe(false);
    act(() => void (input('shareWithTeam') as HTMLInputElement).click());
    submit();
    expect(props.onSave).toHaveBeenLastCalledWith({ ...SMART, shareWithTeam: true });
    show({ endpoint: { ...SMART, shareWithTeam: true }, source: 'local', status: STATUS });
    expect((input('shareWithTeam') as HTMLInputElement).checked).toBe(true);
  });

  it('refuses a plain-http server and a SMART endpoint without client id, saying why', () => {
    const props = show({});
    input('baseUrl').value = 'http://fhir.clinic.example/r4';
    input('patientIdentifierSystem').value = 'urn:oid:1.2';
    input('clientId').value = 'x';
    submit();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('must be an https:// URL');
    input('baseUrl').value = 'https://fhir.clinic.example/r4';
    input('clientId').value = '';
    submit();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('clientId');
    expect(props.onSave).not.toHaveBeenCalled();
  });

  it('never writes the bearer token into the page, and keeps it when other fields are saved', () => {
    const props = show({ endpoint: BEARER, source: 'local', status: { ...STATUS, smart: null } });
    expect(root.innerHTML).not.toContain('s3cret-token');
    input('baseUrl').value = 'https://fhir2.example.org/r4';
    submit();
    expect(props.onSave).toHaveBeenLastCalledWith({ ...BEARER, baseUrl: 'https://fhir2.example.org/r4' });
    expect(root.textContent).toContain('only to this server');
  });

  it('shows a policy endpoint locked, and offers the host grant when the browser has not given it', () => {
    const props = show({ endpoint: BEARER, source: 'policy', status: { ...STATUS, hostGranted: false, smart: null } });
    expect(root.querySelector<HTMLFieldSetElement>('fieldset[data-setting="fhirEndpoint"]')!.disabled).toBe(true);
    expect(root.textContent).toContain('Set by your organization');
    expect(button('Save and allow access')).toBeNull();
    expect(root.querySelector('[data-testid="fhir-access"]')?.textContent).toContain('not allowed to reach https://fhir.example.org');
    act(() => button('Allow access to the FHIR server')!.click());
    expect(props.onAllowAccess).toHaveBeenCalledTimes(1);
  });

  it('for SMART: shows the redirect URI to register, signs in, and shows who is signed in until when', () => {
    const props = show({ endpoint: SMART, source: 'local', status: STATUS });
    expect(root.querySelector('[data-testid="fhir-redirect-uri"]')?.textContent).toBe('https://abc.chromiumapp.org/');
    expect(root.querySelector('[data-testid="fhir-signin-state"]')?.textContent).toContain('Not signed in');
    act(() => button('Sign in to the clinic FHIR server')!.click());
    expect(props.onSignIn).toHaveBeenCalledTimes(1);

    show({ ...props, status: { ...STATUS, session: { signedInAs: 'Dr. Ada Test', expiresAt: '2026-11-23T18:00:00.000Z', canRefresh: true } } });
    expect(root.querySelector('[data-testid="fhir-signin-state"]')?.textContent).toMatch(/^Signed in as Dr\. Ada Test; access until Nov 23, 2026.*renewed on its own/);
    act(() => button('Sign out')!.click());
    expect(props.onSignOut).toHaveBeenCalledTimes(1);
  });

  it('does not offer sign-in before the server can be reached', () => {
    show({ endpoint: SMART, source: 'local', status: { ...STATUS, hostGranted: false, smart: { tokenPermissionPattern: null, problem: 'Allow Bridge to reach the FHIR server first.' } } });
    expect(button('Sign in to the clinic FHIR server')!.disabled).toBe(true);
    expect(root.querySelector('[data-testid="fhir-signin"] [role="alert"]')?.textContent).toBe('Allow Bridge to reach the FHIR server first.');
  });
});
