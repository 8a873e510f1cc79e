// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { extractPatient } from './extract';
import { BANNER_LAYOUTS, syntheticChart } from '../../tests/bench/ehr/synthetic-chart';

const today = '2026-11-23';
const page = (html: string): Document => new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html');
const fixture = (name: string): Document =>
  new DOMParser().parseFromString(readFileSync(join(process.cwd(), 'tests/fixtures/ehr', name), 'utf8'), 'text/html');

/** A chart body with no patient banner in it: nav, notes, a results table. */
const chartNoise = `<nav><a href="#">Summary</a><a href="#">Orders</a></nav><main><section><h2>Results</h2><table>
<thead><tr><th>Date</th><th>Test</th><th>Value</th></tr></thead><tbody>
<tr><td>01/02/2025</td><td>ALT</td><td>31</td></tr><tr><td>03/04/2025</td><td>AST</td><td>22</td></tr></tbody></table>
<p>Follow-up in 3 months. Discussed diet and exercise.</p></section></main>`;

describe('generic extractor on markup it has not seen', () => {
  const variants: [string, string][] = [
    ['dl with dt/dd', `<div class="patient-header"><h1>DOE, JANE M</h1><dl><dt>DOB</dt><dd>02/03/1990</dd><dt>Sex</dt><dd>F</dd><dt>MRN</dt><dd>000123</dd></dl></div>`],
    ['table rows th/td', `<table id="ptBanner"><tr><th>Name</th><td>Jane M Doe</td></tr><tr><th>Date of birth</th><td>1990-02-03</td></tr><tr><th>Gender</th><td>Female</td></tr><tr><th>Medical record number</th><td>000123</td></tr></table>`],
    ['table header above value', `<table class="demographics"><thead><tr><th>Patient</th><th>D.O.B.</th><th>Legal sex</th><th>Chart #</th></tr></thead><tbody><tr><td>Doe, Jane M</td><td>03-Feb-1990</td><td>Female</td><td>000123</td></tr></tbody></table>`],
    ['td label cells with colons', `<table><tr><td class="lbl">Patient Name:</td><td>DOE, JANE</td><td class="lbl">Birth Date:</td><td>Feb 3, 1990</td></tr><tr><td class="lbl">Sex:</td><td>F</td><td class="lbl">Patient ID:</td><td>000123</td></tr></table>`],
    ['Key: value text', `<div id="banner"><b>Doe, Jane</b> | DOB: 02/03/1990 (36 yo) | Sex: F | MRN: 000123</div>`],
    ['Key: value in separate spans', `<section aria-label="Patient demographics"><span>Patient:</span> <span>Jane Doe</span> <span>Born:</span> <span>03 Feb 1990</span> <span>Sex assigned at birth:</span> <span>Female</span> <span>Identifiers:</span> <span>000123</span></section>`],
    ['key above value blocks', `<header><div class="name">Jane Doe</div><div class="grid"><div><div class="k">DOB</div><div class="v">1990-02-03 (36Y)</div></div><div><div class="k">Sex</div><div class="v">Female</div></div><div><div class="k">MRN</div><div class="v">000123</div></div></div></header>`],
    ['key above value with br', `<div class="ptinfo"><div><small>DATE OF BIRTH</small><br><strong>02/03/1990</strong></div><div><small>SEX</small><br><strong>F</strong></div><div><small>MRN</small><br><strong>000123</strong></div><h2>Jane Doe</h2></div>`],
    ['aria-label values', `<div role="banner"><span aria-label="Patient name">Doe, Jane</span><span aria-label="Date of birth">02/03/1990</span><span aria-label="Sex">F</span><span aria-label="MRN">000123</span></div>`],
    ['aria-label carrying label and value', `<div class="banner"><h2>Jane Doe</h2><span aria-label="DOB: 02/03/1990">🎂 02/03/1990</span><span aria-label="MRN: 000123">#000123</span><span>36 y.o. F</span></div>`],
    ['label for read-only inputs', `<form class="patient-demographics"><label for="n">Patient name</label><input id="n" value="Jane Doe" readonly><label for="d">Date of birth</label><input id="d" value="1990-02-03" readonly><label for="s">Sex</label><select id="s"><option>Male</option><option selected>Female</option></select><label for="m">MRN</label><input id="m" value="000123" readonly></form>`],
    ['label wrapping input', `<div class="patient-info"><label>Name <input value="Jane Doe"></label><label>DOB <input value="02/03/1990"></label><label>MRN <input value="000123"></label></div>`],
    ['list items with strong labels', `<ul class="demographics"><li><strong>Name:</strong> Jane Doe</li><li><strong>DOB:</strong> 2/3/1990</li><li><strong>Gender:</strong> Woman</li><li><strong>MRN:</strong> #000123</li></ul>`],
    ['Spanish labels', `<div class="datos-paciente" aria-label="Paciente"><h2>Jane Doe</h2><p>Fecha de nacimiento: 03/02/1990 (36 años)</p><p>Sexo: Femenino</p><p>Expediente: 000123</p></div>`],
    ['no hint, densest region wins', `<div><div><h1>Jane Doe</h1><p>DOB: 02/03/1990</p><p>MRN: 000123</p><p>Sex: F</p></div>${chartNoise}</div>`],
    ['pairs without separators', `<div id="ptHeader"><span class="nm">DOE, JANE</span><span>DOB:02/03/1990 Age:36 years Sex:Female MRN:000123 PCP:Smith, Ann</span></div>`],
    ['label and value without a colon', `<div class="patient-banner"><h1>Jane Doe</h1><span>DOB 02/03/1990</span><span>MRN #000123</span><span>Female</span></div>`],
    ['DOB (Age) label', `<table class="pt-demographics"><tr><td>Patient Name</td><td>Jane Doe</td></tr><tr><td>DOB (Age)</td><td>02/03/1990 (36)</td></tr><tr><td>Legal Sex</td><td>Female</td></tr><tr><td>MRN</td><td>000123</td></tr></table>`],
    ['unlabelled age-sex and dated age', `<div class="patient-banner"><h1>DOE, Jane</h1><span>36 yo F</span><span>02/03/1990 (36 y)</span><span>MRN: 000123</span></div>`],
  ];

  test.each(variants)('%s', (_, html) => {
    const r = extractPatient(page(`<nav><a href="#">Summary</a></nav>${html}${chartNoise}`), { today });
    // Spanish banner writes the date day-first; read as MDY it is swapped only when unambiguous.
    expect(r.fields.name?.display).toMatch(/^Jane( M)? Doe$/);
    expect(r.fields.mrn).toBe('000123');
    if (r.fields.birthDate) expect(['1990-02-03', '1990-03-02']).toContain(r.fields.birthDate.iso);
    expect(r.found).toEqual(expect.arrayContaining(['name', 'mrn']));
    expect(r.conflicts).toEqual([]);
    expect(r.confidence).toBeGreaterThan(0.5);
  });

  test('every variant except the Spanish one reads the birth date and sex', () => {
    for (const [label, html] of variants) {
      const r = extractPatient(page(html), { today });
      if (label === 'label wrapping input') {
        expect(r.fields.birthDate?.iso, label).toBe('1990-02-03');
        continue;
      }
      expect(r.fields.birthDate?.iso, label).toBe(label === 'Spanish labels' ? '1990-03-02' : '1990-02-03');
      expect(r.fields.sex, label).toBe('female');
    }
  });

  test('reads the ZIP from an address line, not the house number', () => {
    const r = extractPatient(page(`<div class="patient-banner"><h1>Jane Doe</h1><dl><dt>DOB</dt><dd>02/03/1990</dd><dt>Address</dt><dd>12345 Main St<br>Springfield, IL 62704-1234</dd></dl></div>`), { today });
    expect(r.fields.postalCode).toEqual({ zip5: '62704', plus4: '1234' });
  });

  test('two different birth dates in one banner are a conflict, and confidence collapses', () => {
    const r = extractPatient(page(`<div class="patient-banner"><h1>Jane Doe</h1><p>DOB: 02/03/1990</p><p>Date of birth: 04/05/1960</p><p>MRN: 1</p></div>`), { today });
    expect(r.conflicts).toEqual(['birthDate']);
    expect(r.confidence).toBeLessThan(0.3);
  });

  test('a page listing several patients yields no banner', () => {
    const cards = ['Jane Doe', 'John Roe', 'Ann Poe'].map((n, i) => `<div class="card"><h3>${n}</h3><p>DOB: 0${i + 1}/03/1990</p><p>MRN: 00${i}</p></div>`).join('');
    const r = extractPatient(page(`<main><h1>Today's schedule</h1>${cards}</main>`), { today });
    expect(r.banner).toBeNull();
    expect(r.bannerProblem).toBe('several-patients');
  });

  test('a page with no patient yields nothing, not a guess', () => {
    const r = extractPatient(page(`<h1>Welcome</h1>${chartNoise}`), { today });
    expect(r).toMatchObject({ banner: null, found: [], confidence: 0 });
  });

  test('the name may come from a heading outside the banner, other fields never do', () => {
    const r = extractPatient(page(`<h1>Jane Doe</h1><p>MRN: 999999</p><div><div class="patient-info"><p>DOB: 02/03/1990</p><p>Sex: F</p></div></div>`), { today });
    expect(r.fields.name?.display).toBe('Jane Doe');
    expect(r.nameOutsideBanner).toBe(true);
    expect(r.fields.mrn).toBeUndefined();
  });

  test('a hinted app header with one stray label does not beat the real banner', () => {
    const r = extractPatient(page(`<header class="app-bar">Patient ID: 42 (your login)</header><div><h2>Jane Doe</h2><p>DOB: 02/03/1990</p><p>MRN: 000123</p><p>Sex: F</p></div>`), { today });
    expect(r.bannerChoice).toBe('densest');
    expect(r.fields.mrn).toBe('000123');
  });

  test('screen titles are not taken for names', () => {
    const r = extractPatient(page(`<div class="patient-banner"><h1>Patient Summary</h1><p>DOB: 02/03/1990</p><p>MRN: 12345</p></div>`), { today });
    expect(r.fields.name).toBeUndefined();
  });
});

describe('fixtures', () => {
  test('demo classic chart (dl banner)', () => {
    const r = extractPatient(fixture('demo-classic-chart-p01.html'), { today });
    expect(r.fields.name?.display).toBe('Ana Lucia Rivera');
    expect(r.fields.birthDate?.iso).toBe('1984-03-12');
    expect(r.fields).toMatchObject({ sex: 'female', mrn: 'MRN-100234', postalCode: { zip5: '02108' } });
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
  });

  test('demo iframe chart (table banner, month-name date, ZIP+4)', () => {
    const r = extractPatient(fixture('demo-iframe-chart-p03.html'), { today });
    expect(r.fields.name?.display).toBe('Linh Nguyen');
    expect(r.fields.birthDate?.iso).toBe('2009-06-30');
    expect(r.fields).toMatchObject({ sex: 'female', mrn: 'MRN-100236', postalCode: { zip5: '77098', plus4: '0001' } });
  });

  test('demo SPA (key above value)', () => {
    const r = extractPatient(fixture('demo-spa-p02.html'), { today });
    expect(r.fields.name?.display).toBe('James Okafor');
    expect(r.fields).toMatchObject({ sex: 'male', mrn: 'MRN-100235', postalCode: { zip5: '44115' }, birthDate: { iso: '1971-11-02' } });
  });

  test('demo referral page (label-for form below the banner)', () => {
    const r = extractPatient(fixture('demo-classic-referral-p07.html'), { today });
    expect(r.fields.name?.display).toBe('José Luis Hernández');
    expect(r.fields.mrn).toBe('MRN-100240');
  });

  test('OpenEMR-like dashboard', () => {
    const r = extractPatient(fixture('openemr-like-dashboard.html'), { today });
    expect(r.fields.name?.display).toBe('Phil Lee Belford');
    expect(r.fields).toMatchObject({ sex: 'male', mrn: '1', birthDate: { iso: '1933-03-22' }, postalCode: { zip5: '92101' } });
  });

  test('SMART app banner', () => {
    const r = extractPatient(fixture('smart-app-banner.html'), { today });
    expect(r.fields.name?.display).toBe('Alice J. Smith');
    expect(r.fields).toMatchObject({ sex: 'female', mrn: 'smart-1288992', birthDate: { iso: '1978-05-14' } });
  });

  test.each(['demo-patient-list.html', 'demo-help.html', 'demo-iframe-referral-frame-p03.html'])('%s shows no patient', (name) => {
    const r = extractPatient(fixture(name), { today });
    expect(r.fields.birthDate === undefined || r.banner === null).toBe(true);
    expect(r.fields.mrn).toBeUndefined();
  });
});

describe('robustness', () => {
  test('never throws on generated markup built from banner pieces', () => {
    const piece = fc.constantFrom(
      '<dt>DOB</dt>', '<dd>02/03/1990</dd>', '<th>Sex</th>', '<td>F</td>', '<tr>', '</tr>', '<table>', '</table>', '<div class="patient">',
      '</div>', '<span>MRN:</span>', '<span>12</span>', 'DOB: 13/13/13', '<label for="x">Name</label>', '<input id="x" value="A B">',
      '<h1>Doe, Jane</h1>', '<span aria-label="DOB: x"></span>', 'Patient:', '<br>', '<dl>', '</dl>', 'Sex: ', '<p>', '</p>',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 12 })), { maxLength: 40 }), (pieces) => {
        const r = extractPatient(page(pieces.join('')), { today });
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('synthetic 5,000-node charts (the benchmark pages)', () => {
  test.each(BANNER_LAYOUTS)('%s banner buried in a chart is read', (layout) => {
    const doc = new DOMParser().parseFromString(syntheticChart({ nodes: 5000, banner: layout }), 'text/html');
    const r = extractPatient(doc, { today });
    expect(r.fields.name?.display).toMatch(/^Jane( M)? Doe$/);
    expect(r.fields).toMatchObject({ mrn: '000123', sex: 'female', birthDate: { iso: '1990-02-03' } });
  });
});

describe('an unreadable name next to the banner', () => {
  test('gives no name rather than taking other page text (the app title) as the patient', () => {
    const doc = page(`<header class="app-bar"><span class="app-name">Hostile EHR (test page)</span></header>
      <div id="patient-banner" role="region" aria-label="Patient banner"><h1 class="pt-name">&lt;img src=x onerror="x()"&gt;JOHNSON, DeShawn</h1>
      <dl><dt>DOB</dt><dd>02/14/2005</dd><dt>Sex</dt><dd>M</dd><dt>MRN</dt><dd>MRN-100239</dd></dl></div>`);
    const extraction = extractPatient(doc);
    expect(extraction.fields.name).toBeUndefined();
    expect(extraction.fields.mrn).toBeDefined();
  });
});
