import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolicy, WHOLE_POLICY } from './parse';
import { fullPolicy } from './policy.fixture';
import { INSTRUMENT_IDS, POLICY_KEYS, policyDefaults, policyShape } from './schema';

describe('parsePolicy', () => {
  it('keeps every key of a valid policy unchanged, with no warning', () => {
    expect(parsePolicy(fullPolicy)).toEqual({ policy: fullPolicy, warnings: [] });
  });

  it('treats an absent policy (Firefox, unmanaged Chrome) as no policy, not an error', () => {
    expect(parsePolicy(undefined)).toEqual({ policy: {}, warnings: [] });
    expect(parsePolicy({})).toEqual({ policy: {}, warnings: [] });
  });

  it('drops only the bad key and says what was wrong with the value given', () => {
    const { policy, warnings } = parsePolicy({ retentionDays: -3, rescreenIntervalMonths: 6 });
    expect(policy).toEqual({ rescreenIntervalMonths: 6 });
    expect(warnings).toEqual([{ key: 'retentionDays', message: 'must be a whole number from 1 to 3650, got -3' }]);
  });

  it.each([
    ['retentionDays', 2.5, 'must be a whole number from 1 to 3650, got 2.5'],
    ['retentionDays', '90', 'must be a whole number from 1 to 3650, got "90"'],
    ['defaultLanguage', 'fr', 'must be "en" or "es", got "fr"'],
    ['selfScreenAllowed', 'yes', 'must be true or false, got "yes"'],
    ['allowedEhrHosts', ['<all_urls>'], 'at `[0]`: must name the EHR host; `<all_urls>` would run Bridge on every site, got "<all_urls>"'],
    ['allowedEhrHosts', ['*://*/*'], 'at `[0]`: must name the EHR host; a bare `*` host would run Bridge on every site, got "*://*/*"'],
    ['allowedEhrHosts', ['ehr.example.org'], 'at `[0]`: must look like https://ehr.example.org/* (scheme http, https or *, a host, then a path starting with /), got "ehr.example.org"'],
    ['directorySourceUrl', 'http://it.example.org/d.json', 'must be an https:// URL (http:// only for 127.0.0.1 or localhost), got "http://it.example.org/d.json"'],
    ['enabledInstruments', ['audit-c', 'phq-9'], `at \`[1]\`: must be one of ${INSTRUMENT_IDS.join(', ')}, got "phq-9"`],
    ['enabledInstruments', [], 'must list at least one instrument, got []'],
    ['auditCCutoffs', { men: 4 }, 'at `women`: must be a whole number from 1 to 12, got nothing'],
    ['clinic', { name: 'X', address: 'Y', postalCode: '2139' }, 'at `postalCode`: must be a 5-digit ZIP code or ZIP+4, like 02139 or 02139-4307, got "2139"'],
    ['clinic', { name: 'X', address: 'Y', postalCode: '02139', npi: '1234567890' }, 'at `npi`: must be a 10-digit NPI whose last digit is its check digit, got "1234567890"'],
    ['clinic', { name: 'X', address: 'Y', postalCode: '02139', postcode: '1' }, 'has unknown field `postcode`'],
    ['fhirEndpoint', { baseUrl: 'https://f.example.org', patientIdentifierSystem: 'urn:x', auth: 'bearer' }, 'at `bearerToken`: is required when auth is "bearer", got nothing'],
  ])('rejects %s = %j', (key, value, message) => {
    expect(parsePolicy({ [key]: value })).toEqual({ policy: {}, warnings: [{ key, message }] });
  });

  it('rejects an EHR adapter with a broken selector, naming the adapter and field', () => {
    const adapter = { ...fullPolicy.ehrAdapters[0], fields: { name: '.pt-name', birthDate: 'span[data-dob' } };
    const { policy, warnings } = parsePolicy({ ehrAdapters: [adapter] });
    expect(policy).toEqual({});
    expect(warnings[0]?.message).toBe(
      'at `[0].fields.birthDate`: is not a usable CSS selector: it is missing a closing `]`, got "span[data-dob"',
    );
  });

  it('rejects two adapters with one id', () => {
    const adapter = fullPolicy.ehrAdapters[0];
    expect(parsePolicy({ ehrAdapters: [adapter, adapter] }).warnings[0]?.message).toBe(
      'at `[1].id`: repeats the id "clinic-chart", got "clinic-chart"',
    );
  });

  it('reports unknown keys by name and keeps the known ones', () => {
    const { policy, warnings } = parsePolicy({ retentionDay: 30, retentionDays: 30 });
    expect(policy).toEqual({ retentionDays: 30 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.key).toBe('retentionDay');
    expect(warnings[0]?.message).toMatch(/^is not a Bridge policy key/);
  });

  it('reports a policy that is not an object', () => {
    expect(parsePolicy([1, 2])).toEqual({ policy: {}, warnings: [{ key: WHOLE_POLICY, message: 'must be an object of keys and values, got [1,2]' }] });
  });

  it('has a default for every key that its own schema accepts', () => {
    for (const key of POLICY_KEYS) expect(policyShape[key].safeParse(policyDefaults[key]).success, key).toBe(true);
    expect(policyDefaults.retentionDays).toBe(90);
    expect(policyDefaults.auditCCutoffs).toEqual({ men: 4, women: 3 });
  });
});

describe('parsePolicy on generated input (property)', () => {
  const validValue = fc.constantFrom(...POLICY_KEYS).map((key) => [key, fullPolicy[key]] as const);
  const anyValue = fc.oneof(
    fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withNullPrototype: true, withTypedArray: true }),
    fc.integer(),
    fc.string(),
    fc.array(fc.string(), { maxLength: 4 }),
  );
  const key = fc.oneof(fc.constantFrom(...POLICY_KEYS), fc.string({ maxLength: 12 }));
  const entry = fc.oneof(validValue, fc.tuple(key, anyValue));
  const policyLike = fc.oneof({ weight: 5, arbitrary: fc.array(entry, { maxLength: 10 }).map((entries) => Object.fromEntries(entries)) }, { weight: 1, arbitrary: anyValue });

  const EXPLAINS = /^(at `[^`]+`: )?.{3,}(, got .+|has unknown fields? `.+`)$|^is not a Bridge policy key|^has no value$|^could not be read|^must be an object/;

  it('never throws; keeps only valid keys; names the key and the problem of every value it drops', () => {
    fc.assert(
      fc.property(policyLike, (raw) => {
        const { policy, warnings } = parsePolicy(raw);
        // Plain checks rather than expect(): 10,000 runs stay fast.
        for (const [kept, value] of Object.entries(policy)) {
          if (!policyShape[kept as keyof typeof policyShape].safeParse(value).success) throw new Error(`kept invalid ${kept}`);
        }
        const isObject = raw !== null && typeof raw === 'object' && !Array.isArray(raw);
        for (const warning of warnings) {
          if (isObject ? !Object.hasOwn(raw, warning.key) : warning.key !== WHOLE_POLICY) throw new Error(`warning names no given key: ${warning.key}`);
          if (!EXPLAINS.test(warning.message)) throw new Error(`warning does not say what was wrong: ${warning.message}`);
        }
        if (isObject) {
          const warned = new Set(warnings.map((warning) => warning.key));
          for (const rawKey of Object.keys(raw)) {
            if (!(rawKey in policy) && !warned.has(rawKey)) throw new Error(`dropped ${rawKey} silently`);
          }
          if (Object.keys(policy).length + warnings.length !== Object.keys(raw).length) throw new Error('a key was both kept and warned about');
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
