// The demo EHR: synthetic patients in three page styles that real EHRs use, served on 127.0.0.1.
// Used by `npm start`, the end-to-end tests and the benchmarks. No dependency beyond Node.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const patients = JSON.parse(readFileSync(join(here, 'patients.json'), 'utf8'));
const byId = new Map(patients.map((p) => [p.id, p]));
const submissions = [];

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const usDate = (iso) => { const [y, m, d] = iso.split('-'); return `${m}/${d}/${y}`; };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monDate = (iso) => { const [y, m, d] = iso.split('-'); return `${d}-${MONTHS[Number(m) - 1]}-${y}`; };
const TODAY = new Date().toISOString().slice(0, 10);
const age = (iso) => { const [y, m, d] = iso.split('-').map(Number); const [ty, tm, td] = TODAY.split('-').map(Number); return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0); };
const sexLetter = (s) => ({ female: 'F', male: 'M', other: 'X' })[s] ?? 'U';

const SYNTHETIC = '<p class="synthetic" role="note">Demo EHR for Bridge: every patient here is synthetic. No real person\'s data.</p>';
const page = (title, body, extraHead = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/static/ehr.css">${extraHead}</head><body>${body}</body></html>`;

function navBar(app) {
  return `<header class="app-bar"><span class="app-name">${esc(app)}</span><nav><a href="/">Patient list</a> <a href="/about">Help</a></nav></header>${SYNTHETIC}`;
}

/** A large, realistic chart body: visits, medications and a long results table. */
function chartBody(p, rows = 800) {
  const labs = ['Hemoglobin A1c', 'ALT', 'AST', 'GGT', 'Creatinine', 'Sodium', 'Potassium', 'TSH', 'LDL', 'HDL'];
  const tr = [];
  for (let i = 0; i < rows; i++) {
    const lab = labs[i % labs.length];
    tr.push(`<tr><td>${usDate(`20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 9}`)}</td><td>${lab}</td><td>${(3 + ((i * 37) % 90) / 10).toFixed(1)}</td><td>${i % 7 === 0 ? 'H' : ''}</td></tr>`);
  }
  return `<section class="panel"><h2>Problems</h2><ul><li>Essential hypertension (I10)</li><li>Low back pain (M54.5)</li></ul></section>
<section class="panel"><h2>Medications</h2><ul><li>Lisinopril 10 mg daily</li><li>Ibuprofen 400 mg as needed</li></ul></section>
<section class="panel"><h2>Visit note</h2><textarea aria-label="Visit note" rows="4" cols="80">Follow-up visit for ${esc(p.given)}.</textarea></section>
<section class="panel"><h2>Results</h2><table class="results"><thead><tr><th>Date</th><th>Test</th><th>Value</th><th>Flag</th></tr></thead><tbody>${tr.join('')}</tbody></table></section>`;
}

/** Style (a): server-rendered chart, banner as a definition list. */
function classicChart(p) {
  const banner = `<div id="patient-banner" class="patient-banner" role="region" aria-label="Patient banner">
<h1 class="pt-name">${esc(p.family.toUpperCase())}, ${esc(p.given)}</h1>
<dl class="pt-demo"><dt>DOB</dt><dd>${usDate(p.birthDate)} (${age(p.birthDate)} y)</dd><dt>Sex</dt><dd>${sexLetter(p.sex)}</dd>
<dt>MRN</dt><dd>${esc(p.mrn)}</dd><dt>Address</dt><dd>${esc(p.street)}, ${esc(p.city)}, ${esc(p.state)} ${esc(p.zip)}</dd>
<dt>Phone</dt><dd>${esc(p.phone)}</dd><dt>Preferred language</dt><dd>${esc(p.language)}</dd></dl></div>`;
  return page(`Chart – ${p.family}, ${p.given}`, `${navBar('MedChart Classic')}${banner}
<nav class="chart-tabs"><a href="/chart/${p.id}">Summary</a> <a href="/chart/${p.id}/referral" id="new-referral">New referral</a></nav>
<main>${chartBody(p)}</main>`);
}

/** The referral order form, server-rendered with label-for markup (style a). */
function classicReferral(p) {
  return page(`Referral – ${p.family}, ${p.given}`, `${navBar('MedChart Classic')}
<div id="patient-banner" class="patient-banner" role="region" aria-label="Patient banner"><h1 class="pt-name">${esc(p.family.toUpperCase())}, ${esc(p.given)}</h1>
<dl class="pt-demo"><dt>DOB</dt><dd>${usDate(p.birthDate)}</dd><dt>Sex</dt><dd>${sexLetter(p.sex)}</dd><dt>MRN</dt><dd>${esc(p.mrn)}</dd><dt>Address</dt><dd>${esc(p.city)}, ${esc(p.state)} ${esc(p.zip)}</dd></dl></div>
<main><h2>New referral / order</h2>${referralFormLabelFor(p, `/submit/classic/${p.id}`)}</main>`);
}

function referralFormLabelFor(p, action) {
  return `<form method="post" action="${action}" class="order-form" id="referral-form">
<input type="hidden" name="patientId" value="${p.id}">
<div class="row"><label for="ref-patient">Patient</label><input id="ref-patient" name="patientName" value="${esc(p.given)} ${esc(p.family)}" readonly></div>
<div class="row"><label for="ref-to">Referred to</label><input id="ref-to" name="referredTo" type="text"></div>
<div class="row"><label for="ref-phone">Receiving facility phone</label><input id="ref-phone" name="facilityPhone" type="tel"></div>
<div class="row"><label for="ref-address">Receiving facility address</label><input id="ref-address" name="facilityAddress" type="text"></div>
<div class="row"><label for="ref-date">Referral date</label><input id="ref-date" name="referralDate" type="date"></div>
<div class="row"><label for="ref-urgency">Urgency</label><select id="ref-urgency" name="urgency"><option value="">-- choose --</option><option value="routine">Routine</option><option value="urgent">Urgent</option><option value="asap">ASAP</option><option value="stat">STAT</option></select></div>
<fieldset class="row"><legend>Level of care</legend>
<label><input type="radio" name="levelOfCare" value="op"> Outpatient</label>
<label><input type="radio" name="levelOfCare" value="iop"> Intensive outpatient</label>
<label><input type="radio" name="levelOfCare" value="res"> Residential</label>
<label><input type="radio" name="levelOfCare" value="inp"> Inpatient / detox</label></fieldset>
<div class="row"><label for="ref-dx">Diagnosis</label><input id="ref-dx" name="diagnosis" type="text"></div>
<div class="row"><label for="ref-reason">Reason for referral</label><textarea id="ref-reason" name="reason" rows="4"></textarea></div>
<div class="row"><label><input type="checkbox" name="consentOnFile" value="yes"> Patient consent for release on file</label></div>
<div class="row"><label for="ref-notes">Notes</label><textarea id="ref-notes" name="notes" rows="3"></textarea></div>
<div class="row"><label for="ref-clinician">Ordering clinician</label><input id="ref-clinician" name="orderingClinician" value="Demo Clinician, MD" disabled></div>
<button type="submit">Sign and send referral</button></form>`;
}

/** Style (c): chart whose banner is a table, with the referral form in a same-origin iframe. */
function iframeChart(p) {
  const banner = `<table class="demographics" id="demographics" aria-label="Demographics"><tbody>
<tr><th scope="row">Patient</th><td>${esc(p.given)} ${esc(p.family)}</td><th scope="row">Date of birth</th><td>${monDate(p.birthDate)}</td></tr>
<tr><th scope="row">Gender</th><td>${p.sex === 'female' ? 'Female' : p.sex === 'male' ? 'Male' : 'Other'}</td><th scope="row">Chart #</th><td>${esc(p.mrn)}</td></tr>
<tr><th scope="row">Home address</th><td colspan="3">${esc(p.street)}<br>${esc(p.city)}, ${esc(p.state)} ${esc(p.zip)}-0001</td></tr></tbody></table>`;
  return page(`${p.given} ${p.family} · Chart`, `${navBar('CareFrame EHR')}${banner}
<main><section class="panel"><h2>Orders</h2><iframe id="order-frame" title="Referral order" src="/frames/referral/${p.id}" width="760" height="720"></iframe></section>${chartBody(p, 200)}</main>`);
}

/** The iframe's form: table layout, th labels, coded select, text date with a placeholder. */
function iframeReferral(p) {
  return page('Referral order', `<form method="post" action="/submit/iframe/${p.id}" id="order"><input type="hidden" name="patientId" value="${p.id}">
<table class="order-table"><tbody>
<tr><th>Receiving facility</th><td><input name="facility" type="text" size="40"></td></tr>
<tr><th>Facility phone</th><td><input name="facilityPhone" type="text" placeholder="(555) 555-5555"></td></tr>
<tr><th>Priority</th><td><select name="priority"><option value=""></option><option value="R">R - Routine</option><option value="U">U - Urgent</option><option value="S">S - Stat</option></select></td></tr>
<tr><th>Date of referral</th><td><input name="dateOfReferral" type="text" placeholder="mm/dd/yyyy"></td></tr>
<tr><th>ICD-10 diagnosis</th><td><input name="icd10" type="text"></td></tr>
<tr><th>Clinical indication</th><td><textarea name="indication" rows="4" cols="50"></textarea></td></tr>
<tr><th>Release of information signed</th><td><input type="checkbox" name="roi" value="Y"></td></tr>
<tr><th>Comments</th><td><textarea name="comments" rows="3" cols="50"></textarea></td></tr>
</tbody></table><button type="submit">Submit order</button></form>`);
}

/**
 * A hostile chart (issue 8): markup and script in the patient's name, and page scripts that try to
 * read what Bridge shows, plant data, and stop Bridge's content script. What they found is kept
 * in `window.__hostileFindings` for the tests.
 */
function hostileChart(p) {
  const evilName = `<img src=x onerror="window.__pwned=1">${p.family.toUpperCase()}, ${p.given}<script>window.__pwned=1</script>`;
  const probe = `<script>
window.__hostileFindings = { shadowRoots: [], dataAttributes: [], pwned: () => window.__pwned === 1 };
function probe() {
  for (const el of document.querySelectorAll('*')) {
    if (el.shadowRoot) window.__hostileFindings.shadowRoots.push(el.localName);
    for (const a of el.attributes) if (/^data-bridge|fingerprint/i.test(a.name)) window.__hostileFindings.dataAttributes.push(a.name);
  }
  window.__hostileFindings.globals = Object.keys(window).filter((k) => /bridge|patient|fingerprint/i.test(k));
}
setInterval(probe, 500);
// Try to stop any WXT-built content script by faking its "newer script started" event.
for (const name of ['wxt:content-script-started', 'ehr:wxt:content-script-started']) document.dispatchEvent(new CustomEvent(name, { detail: { contentScriptName: 'ehr', messageId: 'attacker' } }));
</script>`;
  const banner = `<div id="patient-banner" class="patient-banner" role="region" aria-label="Patient banner">
<h1 class="pt-name">${esc(evilName)}</h1>
<dl class="pt-demo"><dt>DOB</dt><dd>${usDate(p.birthDate)}</dd><dt>Sex</dt><dd>${sexLetter(p.sex)}</dd><dt>MRN</dt><dd>${esc(p.mrn)}</dd><dt>Address</dt><dd>${esc(p.city)}, ${esc(p.state)} ${esc(p.zip)}</dd></dl></div>`;
  return page('Hostile chart', `${navBar('Hostile EHR (test page)')}${banner}<main>${chartBody(p, 50)}</main>${probe}`);
}

function indexPage() {
  const rows = patients.map((p) => `<tr><td>${esc(p.family)}, ${esc(p.given)}</td><td>${usDate(p.birthDate)}</td><td>${esc(p.state)} ${esc(p.zip)}</td>
<td><a href="/chart/${p.id}">classic chart</a> · <a href="/spa/patient/${p.id}">single-page app</a> · <a href="/iframe-chart/${p.id}">iframe order</a></td></tr>`).join('');
  return page('Demo EHR – patients', `${navBar('Demo EHR')}<main><h1>Patients</h1><table class="results"><thead><tr><th>Name</th><th>DOB</th><th>Location</th><th>Open</th></tr></thead><tbody>${rows}</tbody></table></main>`);
}

function spaShell() {
  return page('Sunrise SPA EHR', `<div id="app"></div><script>window.__PATIENTS__=${JSON.stringify(patients).replace(/</g, '\\u003c')};</script><script src="/static/spa.js"></script>`);
}

function readBody(req) {
  return new Promise((resolve) => { let b = ''; req.on('data', (c) => (b += c)); req.on('end', () => resolve(b)); });
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

export function startDemoEhr(port = Number(process.env.DEMO_EHR_PORT ?? 4321), host = '127.0.0.1') {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const parts = url.pathname.split('/').filter(Boolean);
    const patient = (id) => byId.get(id);
    try {
      if (url.pathname === '/') return send(res, 200, indexPage());
      if (url.pathname === '/about') return send(res, 200, page('Help', `${navBar('Demo EHR')}<main><h1>Help</h1><p>This page shows no patient.</p></main>`));
      if (parts[0] === 'static' && parts.length === 2 && /^[\w.-]+$/.test(parts[1])) {
        const type = parts[1].endsWith('.css') ? 'text/css' : 'text/javascript';
        return send(res, 200, readFileSync(join(here, 'static', parts[1])), type);
      }
      if (parts[0] === 'chart' && patient(parts[1])) return send(res, 200, parts[2] === 'referral' ? classicReferral(patient(parts[1])) : classicChart(patient(parts[1])));
      if (parts[0] === 'hostile' && patient(parts[1])) return send(res, 200, hostileChart(patient(parts[1])));
      if (parts[0] === 'iframe-chart' && patient(parts[1])) return send(res, 200, iframeChart(patient(parts[1])));
      if (parts[0] === 'frames' && parts[1] === 'referral' && patient(parts[2])) return send(res, 200, iframeReferral(patient(parts[2])));
      if (parts[0] === 'spa') return send(res, 200, spaShell());
      if (parts[0] === 'submit' && req.method === 'POST') {
        const fields = Object.fromEntries(new URLSearchParams(await readBody(req)));
        submissions.push({ style: parts[1], patientId: parts[2], fields, at: new Date().toISOString() });
        return send(res, 200, page('Referral received', `<main><h1>Referral received</h1><p>Order recorded for ${esc(parts[2])}.</p></main>`));
      }
      if (url.pathname === '/api/referrals' && req.method === 'POST') {
        const body = JSON.parse(await readBody(req));
        submissions.push({ style: 'spa', patientId: body.patientId, fields: body.fields, at: new Date().toISOString() });
        return send(res, 200, JSON.stringify({ ok: true }), 'application/json');
      }
      if (url.pathname === '/api/submissions') {
        if (req.method === 'DELETE') submissions.length = 0;
        return send(res, 200, JSON.stringify(submissions), 'application/json');
      }
      send(res, 404, page('Not found', '<main><h1>Not found</h1></main>'));
    } catch (error) {
      send(res, 500, `Demo EHR error: ${esc(error.message)}`, 'text/plain');
    }
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const server = await startDemoEhr();
  const { port } = server.address();
  console.log(`Demo EHR (synthetic patients) on http://127.0.0.1:${port}/`);
}
