import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { EHR_GRANTS_KEY, forgetEhrGrants, grantedAsEhr, readEhrGrants, recordEhrGrant } from './ehr-grants.browser';

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Bridge', version: '1', host_permissions: [] });
});

describe('EHR grants in storage.local', () => {
  it('records and forgets EHR origins, sorted and without repeats', async () => {
    expect(await readEhrGrants()).toBeNull();
    await recordEhrGrant('https://ehr.example.org/*');
    await recordEhrGrant('https://a.example/*');
    await recordEhrGrant('https://ehr.example.org/*');
    expect(await readEhrGrants()).toEqual(['https://a.example/*', 'https://ehr.example.org/*']);
    await forgetEhrGrants(['https://a.example/*', 'https://never.example/*']);
    expect(await readEhrGrants()).toEqual(['https://ehr.example.org/*']);
  });

  it('seeds the record once on a machine from before, leaving out the FHIR server, then trusts only the record', async () => {
    const granted = ['https://ehr.example.org/*', 'https://fhir.clinic.example/*'];
    expect(await grantedAsEhr(granted, ['https://fhir.clinic.example/r4'])).toEqual(['https://ehr.example.org/*']);
    expect((await fakeBrowser.storage.local.get(EHR_GRANTS_KEY))[EHR_GRANTS_KEY]).toEqual(['https://ehr.example.org/*']);
    // Later grants for the FHIR server alone never join the record.
    expect(await grantedAsEhr([...granted, 'https://other-fhir.example/*'], [])).toEqual(['https://ehr.example.org/*']);
  });

  it("adds the build's own host permissions (the demo EHR in a demo build)", async () => {
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Bridge', version: '1', host_permissions: ['http://127.0.0.1/*'] });
    await recordEhrGrant('https://ehr.example.org/*');
    expect((await grantedAsEhr([], [])).sort()).toEqual(['http://127.0.0.1/*', 'https://ehr.example.org/*']);
  });
});
