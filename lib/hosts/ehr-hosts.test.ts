import { describe, expect, it } from 'vitest';
import { ehrScriptOrigins, originPatternFor } from './ehr-hosts';

describe('ehrScriptOrigins', () => {
  it('runs on every granted web origin when no policy narrows it', () => {
    expect(ehrScriptOrigins(['https://ehr.example.org/*', 'chrome://favicon/*', 'http://127.0.0.1/*'], null)).toEqual([
      'http://127.0.0.1/*',
      'https://ehr.example.org/*',
    ]);
  });
  it('keeps only the granted origins that the policy also allows', () => {
    expect(ehrScriptOrigins(['https://ehr.example.org/*', 'https://other.example.com/*'], ['https://ehr.example.org/*'])).toEqual([
      'https://ehr.example.org/*',
    ]);
    expect(ehrScriptOrigins(['https://other.example.com/*'], ['https://ehr.example.org/*'])).toEqual([]);
  });
});

describe('originPatternFor', () => {
  it('turns a page URL into its origin pattern, ignoring port and path', () => {
    expect(originPatternFor('https://ehr.example.org:8443/chart/1?x=2')).toBe('https://ehr.example.org/*');
    expect(originPatternFor('file:///etc/passwd')).toBeNull();
    expect(originPatternFor('not a url')).toBeNull();
  });
});

