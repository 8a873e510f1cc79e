import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ehrScriptOrigins, firstEhrGrants, originPatternFor } from './ehr-hosts';

describe('ehrScriptOrigins', () => {
  it('runs on every web origin granted as an EHR when no policy narrows it', () => {
    const asEhr = ['https://ehr.example.org/*', 'http://127.0.0.1/*', 'chrome://favicon/*'];
    expect(ehrScriptOrigins(['https://ehr.example.org/*', 'chrome://favicon/*', 'http://127.0.0.1/*'], null, asEhr)).toEqual([
      'http://127.0.0.1/*',
      'https://ehr.example.org/*',
    ]);
  });
  it('keeps only the granted origins that the policy also allows', () => {
    expect(ehrScriptOrigins(['https://ehr.example.org/*', 'https://other.example.com/*'], ['https://ehr.example.org/*'], [])).toEqual([
      'https://ehr.example.org/*',
    ]);
    expect(ehrScriptOrigins(['https://other.example.com/*'], ['https://ehr.example.org/*'], ['https://other.example.com/*'])).toEqual([]);
  });
  it('never runs on an origin granted only as the clinic FHIR server, but does on an EHR that serves its own FHIR API', () => {
    const granted = ['https://ehr.example.org/*', 'https://fhir.clinic.example/*'];
    expect(ehrScriptOrigins(granted, null, ['https://ehr.example.org/*'])).toEqual(['https://ehr.example.org/*']);
    // The FHIR server is the EHR's own host: granted as an EHR, it keeps the script.
    expect(ehrScriptOrigins(['https://ehr.example.org/*'], null, ['https://ehr.example.org/*'])).toEqual(['https://ehr.example.org/*']);
  });
  it('registers only origins that are both granted and EHRs (property)', () => {
    const origin = fc.constantFrom('https://a.example/*', 'https://b.example/*', 'http://127.0.0.1/*', 'https://fhir.example/*', 'chrome://x/*');
    fc.assert(
      fc.property(fc.array(origin), fc.array(origin), fc.option(fc.array(origin), { nil: null }), (granted, asEhr, policy) => {
        for (const match of ehrScriptOrigins(granted, policy, asEhr)) {
          expect(granted).toContain(match);
          expect(policy ?? asEhr).toContain(match);
        }
      }),
    );
  });
});

describe('firstEhrGrants', () => {
  it('seeds a machine from before with its granted origins, minus the FHIR server and directory source', () => {
    const granted = ['https://ehr.example.org/*', 'https://fhir.clinic.example/*', 'https://data.clinic.example/*', 'chrome://favicon/*'];
    expect(firstEhrGrants(granted, ['https://fhir.clinic.example/r4', null, 'https://data.clinic.example/directory.json', undefined])).toEqual(['https://ehr.example.org/*']);
  });
});

describe('originPatternFor', () => {
  it('turns a page URL into its origin pattern, ignoring port and path', () => {
    expect(originPatternFor('https://ehr.example.org:8443/chart/1?x=2')).toBe('https://ehr.example.org/*');
    expect(originPatternFor('file:///etc/passwd')).toBeNull();
    expect(originPatternFor('not a url')).toBeNull();
  });
});

