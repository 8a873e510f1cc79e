// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { builtInAdapters, defineEhrAdapter } from './adapters';
import { parsePolicyAdapters } from './adapters/policy';
import { readingForMessage, readPatientContext } from './context';
import { patientContextSchema } from './patient';
import { queryDeep } from './select';

const today = '2026-11-23';
const fixture = (name: string): Document =>
  new DOMParser().parseFromString(readFileSync(join(process.cwd(), 'tests/fixtures/ehr', name), 'utf8'), 'text/html');
const read = (doc: Document, url: string) => readPatientContext(doc, url, { adapters: builtInAdapters, today });

describe('readPatientContext with built-in adapters', () => {
  test.each([
    ['demo-classic-chart-p01.html', 'http://127.0.0.1:4321/chart/p01', 'adapter:demo-classic', 'Ana Lucia Rivera', 'MRN-100234'],
    ['demo-classic-referral-p07.html', 'http://127.0.0.1:4321/chart/p07/referral', 'adapter:demo-classic', 'José Luis Hernández', 'MRN-100240'],
    ['demo-spa-p02.html', 'http://127.0.0.1:4321/spa/patient/p02', 'adapter:demo-spa', 'James Okafor', 'MRN-100235'],
    ['demo-iframe-chart-p03.html', 'http://127.0.0.1:4321/iframe-chart/p03', 'adapter:demo-iframe', 'Linh Nguyen', 'MRN-100236'],
    ['openemr-like-dashboard.html', 'https://emr.clinic.example/openemr/interface/patient_file/summary/demographics.php?set_pid=1', 'adapter:openemr', 'Phil Lee Belford', '1'],
    ['smart-app-banner.html', 'https://apps.smarthealthit.org/growth/', 'adapter:smart-sandbox', 'Alice J. Smith', 'smart-1288992'],
  ])('%s via %s', (file, url, via, name, mrn) => {
    const r = read(fixture(file), url as string);
    expect(r.via).toBe(via);
    expect(r.context).toMatchObject({ name, mrn, sourceUrl: url });
    expect(patientContextSchema.safeParse(r.context).success).toBe(true);
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
  });

  test('every adapter names only fixtures that exist and that it reads', () => {
    for (const adapter of builtInAdapters) {
      expect(adapter.provenPages.length, adapter.id).toBeGreaterThan(0);
      for (const page of adapter.provenPages) {
        const doc = fixture(page);
        const scope = adapter.referralForm?.frame && page.includes('frame') ? doc : doc;
        const banner = queryDeep(scope, adapter.banner);
        const form = adapter.referralForm ? queryDeep(doc, adapter.referralForm.form) : null;
        expect(banner !== null || form !== null, `${adapter.id} on ${page}`).toBe(true);
        if (form && adapter.referralForm) {
          for (const [key, selector] of Object.entries(adapter.referralForm.fields)) {
            expect(queryDeep(form, selector as string), `${adapter.id} ${key}`).not.toBeNull();
          }
        }
      }
    }
  });

  test('the same patient on the chart and on the SPA (no shared MRN recipe) gives one fingerprint per recipe', () => {
    const chart = read(fixture('demo-classic-chart-p01.html'), 'http://127.0.0.1:4321/chart/p01');
    const again = read(fixture('demo-classic-chart-p01.html'), 'http://127.0.0.1:9999/chart/p01');
    expect(chart.context?.fingerprint).toBe(again.context?.fingerprint);
  });

  test('a reading can be sent in a message once its element is dropped', () => {
    const r = read(fixture('demo-spa-p02.html'), 'http://127.0.0.1:4321/spa/patient/p02');
    const message = readingForMessage(r);
    expect('banner' in message).toBe(false);
    expect(structuredClone(message)).toEqual(message);
  });

  test('generic extractor when no adapter matches', () => {
    const r = read(fixture('demo-classic-chart-p01.html'), 'https://unknown-ehr.example/patients/1');
    expect(r.via).toBe('generic');
    expect(r.context?.name).toBe('Ana Lucia Rivera');
  });

  test('an adapter whose banner is missing falls back to the generic extractor', () => {
    const r = read(fixture('demo-spa-p02.html'), 'http://127.0.0.1:4321/chart/p02');
    expect(r.via).toBe('generic');
    expect(r.context?.mrn).toBe('MRN-100235');
  });

  test.each([
    ['demo-patient-list.html', 'http://127.0.0.1:4321/'],
    ['demo-help.html', 'http://127.0.0.1:4321/about'],
  ])('%s: no patient, with a reason', (file, url) => {
    const r = read(fixture(file), url);
    expect(r.context).toBeNull();
    expect(r.reason).not.toBeNull();
  });

  test('a banner with a name only is not identifiable', () => {
    const doc = new DOMParser().parseFromString('<div class="patient-banner"><h1>Jane Doe</h1><p>Sex: F</p></div>', 'text/html');
    expect(read(doc, 'https://x.example/').reason).toBe('not-identifiable');
  });

  test('policy adapters cross shadow roots and win over built-in ones', () => {
    document.body.innerHTML = '<ehr-banner id="host"></ehr-banner>';
    const host = document.getElementById('host') as Element;
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<div class="b"><span class="n">ROE, Rick</span><span class="d">1970-01-02</span><span class="m">A-77</span></div>';
    const { adapters, problems } = parsePolicyAdapters(
      [{ id: 'clinic-ehr', label: 'Clinic EHR', hostPatterns: ['ehr.clinic.example'], banner: '#host >>> .b', fields: { name: '.n', birthDate: '.d', mrn: '.m' } }],
      document,
    );
    expect(problems).toEqual([]);
    const r = readPatientContext(document, 'https://ehr.clinic.example/chart', { adapters: builtInAdapters, policyAdapters: adapters, today });
    expect(r.via).toBe('adapter:policy-clinic-ehr');
    expect(r.context).toMatchObject({ name: 'Rick Roe', birthDate: '1970-01-02', mrn: 'A-77' });
  });

  test('an adapter banner inside a same-origin iframe', () => {
    document.body.innerHTML = '<iframe id="f"></iframe>';
    const frame = document.getElementById('f') as HTMLIFrameElement;
    // happy-dom does not load frames; a same-origin frame's document is what the browser hands back.
    const inner = document.implementation.createHTMLDocument('frame');
    Object.defineProperty(frame, 'contentDocument', { value: inner });
    inner.body.innerHTML = '<div id="pt"><h2>Jane Doe</h2><dl><dt>DOB</dt><dd>02/03/1990</dd><dt>MRN</dt><dd>55</dd></dl></div>';
    const adapter = defineEhrAdapter({ id: 'framed', label: 'Framed', hostPatterns: ['*'], frame: '#f', banner: '#pt' });
    const r = readPatientContext(document, 'https://framed.example/', { adapters: [adapter], today });
    expect(r.via).toBe('adapter:framed');
    expect(r.context).toMatchObject({ name: 'Jane Doe', mrn: '55', birthDate: '1990-02-03' });
  });
});

describe('parsePolicyAdapters', () => {
  test('reports bad selectors and bad shapes, keeps the good adapters, never throws', () => {
    const { adapters, problems } = parsePolicyAdapters(
      {
        adapters: [
          { id: 'good', label: 'Good', hostPatterns: ['a.example'], banner: '#b' },
          { id: 'bad-css', label: 'Bad CSS', hostPatterns: ['a.example'], banner: '#b[', fields: { mrn: 'span:::x' } },
          { id: 'Bad Id', label: '', hostPatterns: [], banner: '' },
          'not an object',
        ],
      },
      document,
    );
    expect(adapters.map((a) => a.id)).toEqual(['policy-good']);
    expect(problems.filter((p) => p.index === 1).map((p) => p.path)).toEqual(['banner', 'fields.mrn']);
    expect(problems.find((p) => p.index === 1)?.message).toContain('is not a valid CSS selector');
    expect(problems.some((p) => p.index === 2 && p.path === 'id')).toBe(true);
    expect(problems.some((p) => p.index === 3)).toBe(true);
  });

  test('nothing configured is not a problem; a wrong type is', () => {
    expect(parsePolicyAdapters(undefined)).toEqual({ adapters: [], problems: [] });
    expect(parsePolicyAdapters(42).problems[0]?.message).toContain('must be a list');
  });
});
